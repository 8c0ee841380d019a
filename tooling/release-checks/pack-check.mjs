// `pnpm test:pack`: every publishable package's tarball checked as a registry would serve it.
// publint: exports map, types, files, engines, sideEffects and friends (every message counts,
// suggestions included). are-the-types-wrong: the types resolve for every ESM consumer
// (profile esm-only: the packages ship ESM only, on purpose).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { packAll } from './pack.mjs';

const bin = (name) => join(import.meta.dirname, 'node_modules', '.bin', name);
const destination = mkdtempSync(join(tmpdir(), 'dra-pack-'));
let failures = 0;
for (const pkg of packAll(destination)) {
  const tarball = readFileSync(pkg.tarball);
  const { messages, pkg: manifest } = await publint({ pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) }, level: 'suggestion', strict: true });
  for (const m of messages) console.log(`${pkg.name}: publint ${m.type}: ${formatMessage(m, manifest) ?? m.code}`);
  for (const field of ['exports', 'types', 'files', 'engines', 'sideEffects', 'license']) {
    if (manifest[field] === undefined) {
      console.log(`${pkg.name}: package.json has no "${field}"`);
      failures++;
    }
  }
  // attw exits non-zero when a resolution the profile covers has a problem.
  let attw = null;
  try {
    execFileSync(bin('attw'), [pkg.tarball, '--profile', 'esm-only', '--format', 'ascii'], { encoding: 'utf8' });
  } catch (error) {
    attw = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    failures++;
  }
  console.log(`${pkg.name}@${pkg.version}: publint ${messages.length === 0 ? 'clean' : `${messages.length} messages`}; attw ${attw === null ? 'no problems (ESM consumers: node16, bundler)' : `problems:\n${attw}`}`);
  failures += messages.length;
}
if (failures > 0) {
  console.error(`test:pack: ${failures} problem(s) in the package manifests`);
  process.exit(1);
}
console.log('test:pack: every publishable package is clean');

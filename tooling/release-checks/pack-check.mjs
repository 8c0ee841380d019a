// `pnpm test:pack`: every publishable package's tarball checked as a registry would serve it.
// publint: exports map, types, files, engines, sideEffects, bin and friends (every message
// counts, suggestions included). are-the-types-wrong: the types resolve for ESM and CommonJS
// consumers of the libraries (the command, @dra/cli, ships no types and is not imported).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { packAll } from './pack.mjs';

// attw's profile and rules. The packages are ESM only; their exports end in a `default`
// condition so that `require()` loads them on Node >= 20.19 (require(esm), unflagged; `engines`
// asks for it). attw still calls a require that resolves to ESM a problem (cjs-resolves-to-esm:
// its TypeScript predates require(esm); TypeScript >= 5.8 accepts it under module node20/nodenext),
// so that one rule is ignored; everything else about CommonJS consumers (types found, the right
// format, named exports) is still checked. Profile node16 leaves out node10 resolution only,
// which knows no exports map, so no subpath (@dra/core/internal) resolves there; Node 10's
// resolution is no concern of packages that need Node >= 20.19.
const ATTW_ARGS = ['--profile', 'node16', '--ignore-rules', 'cjs-resolves-to-esm', '--format', 'ascii'];
const LIBRARY_FIELDS = ['exports', 'types', 'files', 'engines', 'sideEffects', 'license'];
const COMMAND_FIELDS = ['bin', 'files', 'engines', 'license'];

const bin = (name) => join(import.meta.dirname, 'node_modules', '.bin', name);
/** A package with a command and no main entry point is a command (@dra/cli), not a library. */
const isCommand = (manifest) => manifest.bin !== undefined && manifest.main === undefined && manifest.types === undefined;

async function publintMessages(pkg) {
  const tarball = readFileSync(pkg.tarball);
  const pack = { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) };
  const { messages, pkg: manifest } = await publint({ pack, level: 'suggestion', strict: true });
  return { messages: messages.map((m) => `publint ${m.type}: ${formatMessage(m, manifest) ?? m.code}`), manifest };
}

/** attw's report when a resolution the profile covers has a problem (it then exits non-zero), else null. */
function attwProblems(pkg) {
  try {
    execFileSync(bin('attw'), [pkg.tarball, ...ATTW_ARGS], { encoding: 'utf8' });
    return null;
  } catch (error) {
    return `${error.stdout ?? ''}${error.stderr ?? ''}`;
  }
}

let failures = 0;
const destination = mkdtempSync(join(tmpdir(), 'dra-pack-'));
for (const pkg of packAll(destination)) {
  const { messages, manifest } = await publintMessages(pkg);
  const command = isCommand(manifest);
  const problems = [...messages];
  for (const field of command ? COMMAND_FIELDS : LIBRARY_FIELDS) {
    if (manifest[field] === undefined) problems.push(`package.json has no "${field}"`);
  }
  if (manifest.private === true) problems.push('package.json says "private": true');
  const attw = command ? null : attwProblems(pkg);
  if (attw !== null) problems.push(`attw problems:\n${attw}`);
  for (const problem of problems) console.log(`${pkg.name}: ${problem}`);
  const typesNote = command ? `a command (${Object.keys(manifest.bin).join(', ')}), no types to check` : 'types resolve for ESM and CommonJS consumers (node16 from ESM and CJS, bundler)';
  console.log(`${pkg.name}@${pkg.version}: ${problems.length === 0 ? `clean; ${typesNote}` : `${problems.length} problem(s)`}`);
  failures += problems.length;
}
rmSync(destination, { recursive: true, force: true });
if (failures > 0) {
  console.error(`test:pack: ${failures} problem(s) in the package manifests`);
  process.exit(1);
}
console.log('test:pack: every publishable package is clean');

// The consumer test: every publishable package packed to a tarball and installed with plain
// npm into a fresh project outside the workspace, which then (a) imports each package as an ESM
// script and type-checks TypeScript against the shipped declarations (strict, skipLibCheck off),
// (b) trains the maze through the public API, (c) registers an environment of its own and passes
// the conformance kit.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packAll, repoRoot } from './pack.mjs';

const work = mkdtempSync(join(tmpdir(), 'dra-consumer-'));
const run = (command, args) => {
  console.log(`$ ${[command, ...args].join(' ')}`);
  execFileSync(command, args, { cwd: work, stdio: 'inherit' });
};
const tarballs = packAll(join(work, 'tarballs'));
cpSync(join(import.meta.dirname, 'consumer'), work, { recursive: true });
writeFileSync(join(work, 'package.json'), `${JSON.stringify({ name: 'dra-consumer', private: true, type: 'module' }, null, 2)}\n`);
run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs.map((t) => t.tarball)]);
run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--save-dev', '@types/node@20']);
run(process.execPath, ['esm-imports.mjs']);
run(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
run(process.execPath, [join('dist', 'train-maze.js')]);
run(process.execPath, [join('dist', 'corridor-environment.js')]);
console.log(`consumer test: ${tarballs.map((t) => `${t.name}@${t.version}`).join(', ')} installed from tarballs and used outside the workspace`);
rmSync(work, { recursive: true, force: true });

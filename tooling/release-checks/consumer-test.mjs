// The consumer test: every publishable package (the libraries and @dra/cli) packed to a tarball
// and installed with plain npm into a fresh project outside the workspace, which then
// (a) imports each package as an ESM script and type-checks TypeScript against the shipped
//     declarations (strict, skipLibCheck off), a CommonJS .cts module included;
// (b) trains the maze through the public API;
// (c) registers an environment of its own and passes the conformance kit;
// (d) loads every package with require() from a CommonJS folder and trains the maze
//     (require(esm), Node >= 20.19);
// (e) runs the command as its README says, `npx dra`: --version, envs, run, plot (consumer/dra-command.mjs).
// The project's scripts are the files of consumer/, copied in.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packAll, repoRoot } from './pack.mjs';

const started = performance.now();
const work = mkdtempSync(join(tmpdir(), 'dra-consumer-'));
const run = (command, args, cwd = work) => {
  console.log(`$ ${[command, ...args].join(' ')}`);
  execFileSync(command, args, { cwd, stdio: 'inherit' });
};
const tarballs = packAll(join(work, 'tarballs'));
if (!tarballs.some((t) => t.name === '@dra/cli')) throw new Error('@dra/cli was not packed: is it still "private"?');
cpSync(join(import.meta.dirname, 'consumer'), work, { recursive: true });
writeFileSync(join(work, 'package.json'), `${JSON.stringify({ name: 'dra-consumer', private: true, type: 'module' }, null, 2)}\n`);
run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs.map((t) => t.tarball)]);
run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--save-dev', '@types/node@20']);
run(process.execPath, ['esm-imports.mjs']);
run(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
run(process.execPath, [join('dist', 'train-maze.js')]);
run(process.execPath, [join('dist', 'corridor-environment.js')]);
run(process.execPath, [join('dist', 'require-from-commonjs.cjs')]);
run(process.execPath, ['train-maze.js'], join(work, 'commonjs'));
run(process.execPath, ['dra-command.mjs']);
const seconds = ((performance.now() - started) / 1000).toFixed(0);
console.log(`consumer test: ${tarballs.map((t) => `${t.name}@${t.version}`).join(', ')} installed from tarballs and used outside the workspace, from ESM, CommonJS and npx dra (${seconds} s)`);
rmSync(work, { recursive: true, force: true });

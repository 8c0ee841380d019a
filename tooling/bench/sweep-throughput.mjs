// `pnpm bench`: sweep throughput on worker threads. The same 8-cell maze sweep on 1 thread
// and on every core (2 on our machines), timed in one run; prints the speed-up beside the
// machine's own ceiling: the speed-up of independent `dra run` processes, one per core.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './anchor.mjs';

const cli = join(repoRoot, 'apps/cli/dist/dra.js');
const root = mkdtempSync(join(tmpdir(), 'dra-sweep-bench-'));
const config = join(root, 'sweep.yaml');
writeFileSync(config, ['task: maze', 'seed: 1', 'replicates: 2', 'fixed:', '  episodes: 2000', 'grid:', '  sigma0: [1, 3]', '  lambda: [0.05, 0.1]', ''].join('\n'));
const cores = Math.max(2, availableParallelism());

function timeSweep(threads, label) {
  const out = join(root, label);
  const started = performance.now();
  const r = spawnSync(process.execPath, [cli, 'sweep', config, '--out', out, '--threads', String(threads)], { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`sweep failed: ${r.stderr}`);
  return { seconds, results: readFileSync(join(out, 'results.csv'), 'utf8') };
}

const runArgs = (seed) => [cli, 'run', '--episodes', '2000', '--seed', String(seed)];
const runOne = (seed) => new Promise((done, fail) => spawn(process.execPath, runArgs(seed), { stdio: 'ignore' }).once('exit', (code) => (code === 0 ? done() : fail(new Error(`dra run exited ${code}`)))));

/** Seconds for `cores` independent runs one after another, and all at once. */
async function processCeiling() {
  let started = performance.now();
  for (let k = 0; k < cores; k++) await runOne(k + 1);
  const sequential = (performance.now() - started) / 1000;
  started = performance.now();
  await Promise.all(Array.from({ length: cores }, (_, k) => runOne(k + 1)));
  return sequential / ((performance.now() - started) / 1000);
}

const rounds = [];
const ceilings = [];
for (let round = 0; round < 3; round++) {
  const one = timeSweep(1, `one-${round}`);
  const many = timeSweep(cores, `many-${round}`);
  if (one.results !== many.results) throw new Error('results differ between 1 and many threads');
  rounds.push(one.seconds / many.seconds);
  ceilings.push(await processCeiling());
}
const median = (xs) => [...xs].sort((a, b) => a - b)[1];
const show = (xs) => xs.map((r) => r.toFixed(2)).join(', ');
console.log(`sweep throughput, 8 maze cells of 2000 episodes, median of 3 rounds`);
console.log(`speed-up of ${cores} threads over 1: ${median(rounds).toFixed(2)} (rounds: ${show(rounds)})`);
console.log(`machine ceiling, ${cores} independent dra run processes at once over one after another: ${median(ceilings).toFixed(2)} (rounds: ${show(ceilings)})`);
rmSync(root, { recursive: true, force: true });

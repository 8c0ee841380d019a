// `pnpm bench`: sweep throughput. The same 64-cell maze sweep (paper settings, 5000 episodes
// a cell: large enough that starting a process, about 0.4 s, does not dominate), 5 rounds,
// each timing in turn: 1 worker thread against one per core (2 on our machines), and 1
// `dra sweep work` process against one per core sharing the directory (as a job array runs
// it). Beside them, two ceilings of the machine measured in the same rounds: independent
// `dra run` processes, one per core, and the C reference (tooling/maze-reference-c) run the
// same way (no JIT or garbage collector competing for the cores). Prints median speed-ups and
// the workers' share of the C ceiling; without a C compiler that ceiling is skipped, and it says so.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCReference, C_REFERENCE, repoRoot } from './anchor.mjs';

const cli = join(repoRoot, 'apps/cli/dist/dra.js');
const root = mkdtempSync(join(tmpdir(), 'dra-sweep-bench-'));
const config = join(root, 'sweep.yaml');
writeFileSync(config, ['task: maze', 'seed: 1', 'replicates: 16', 'fixed:', '  episodes: 5000', 'grid:', '  sigma0: [1, 3]', '  lambda: [0.05, 0.1]', ''].join('\n'));
const { binary: reference, reason: referenceMissing } = buildCReference();
const cores = Math.max(2, availableParallelism());

/** `taskset` confines a process to given cores (util-linux); null where it is missing. */
const taskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0 ? 'taskset' : null;

/** Times the sweep on `threads` worker threads; with `pin`, the whole process on core 0 alone. */
function timeSweep(threads, label, pin = false) {
  const out = join(root, label);
  const started = performance.now();
  const command = [process.execPath, cli, 'sweep', config, '--out', out, '--threads', String(threads)];
  const r = pin ? spawnSync(taskset, ['-c', '0', ...command], { encoding: 'utf8' }) : spawnSync(command[0], command.slice(1), { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`sweep failed: ${r.stderr}`);
  return { seconds, results: readFileSync(join(out, 'results.csv'), 'utf8') };
}

/**
 * Times the sweep run by `workers` processes of `dra sweep work` (one thread each) started
 * at once on one laid-out directory: the way a job array or several machines run it.
 */
async function timeWorkers(workers, label) {
  const out = join(root, label);
  const laid = spawnSync(process.execPath, [cli, 'sweep', config, '--out', out, '--layout-only'], { encoding: 'utf8' });
  if (laid.status !== 0) throw new Error(`layout failed: ${laid.stderr}`);
  const started = performance.now();
  await Promise.all(Array.from({ length: workers }, () => run(process.execPath, [cli, 'sweep', 'work', out, '--threads', '1', '--no-merge'])));
  const seconds = (performance.now() - started) / 1000;
  const merged = spawnSync(process.execPath, [cli, 'sweep', 'merge', out], { encoding: 'utf8' });
  if (merged.status !== 0) throw new Error(`merge failed: ${merged.stderr}`);
  return { seconds, results: readFileSync(join(out, 'results.csv'), 'utf8') };
}

const run = (command, args) => new Promise((done, fail) => spawn(command, args, { stdio: 'ignore' }).once('exit', (code) => (code === 0 ? done() : fail(new Error(`${command} exited ${code}`)))));
const draRun = (seed) => run(process.execPath, [cli, 'run', '--episodes', '20000', '--seed', String(seed)]);
const referenceRun = (seed) => run(reference, ['40000', String(seed)]);

/** Speed-up of `cores` independent runs all at once over the same runs one after another. */
async function processCeiling(runOne) {
  let started = performance.now();
  for (let k = 0; k < cores; k++) await runOne(k + 1);
  const sequential = (performance.now() - started) / 1000;
  started = performance.now();
  await Promise.all(Array.from({ length: cores }, (_, k) => runOne(k + 1)));
  return sequential / ((performance.now() - started) / 1000);
}

const ROUNDS = 5;
const rounds = [];
const workerRounds = [];
const pinnedRounds = [];
const ceilings = [];
const referenceCeilings = [];
for (let round = 0; round < ROUNDS; round++) {
  const one = timeSweep(1, `one-${round}`);
  const many = timeSweep(cores, `many-${round}`);
  if (one.results !== many.results) throw new Error('results differ between 1 and many threads');
  rounds.push(one.seconds / many.seconds);
  if (taskset !== null) {
    const pinned = timeSweep(1, `pinned-${round}`, true);
    if (pinned.results !== many.results) throw new Error('results differ between one core and many');
    pinnedRounds.push(pinned.seconds / many.seconds);
  }
  const oneWorker = await timeWorkers(1, `worker-one-${round}`);
  const manyWorkers = await timeWorkers(cores, `worker-many-${round}`);
  if (oneWorker.results !== many.results || manyWorkers.results !== many.results) throw new Error('results differ between worker processes and threads');
  workerRounds.push(oneWorker.seconds / manyWorkers.seconds);
  ceilings.push(await processCeiling(draRun));
  if (reference !== null) referenceCeilings.push(await processCeiling(referenceRun));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const show = (xs) => xs.map((r) => r.toFixed(2)).join(', ');
console.log(`sweep throughput, 64 maze cells of 5000 episodes (paper settings), median of ${ROUNDS} rounds`);
console.log(`speed-up of ${cores} threads over 1 thread: ${median(rounds).toFixed(2)} (rounds: ${show(rounds)})`);
// One thread is not one core: V8 compiles and collects garbage on background threads, which
// run on the idle core. Confined to one core, the sweep shows the throughput of one core.
if (taskset !== null) console.log(`speed-up of ${cores} cores over 1 core (the 1-thread sweep confined to core 0 by taskset): ${median(pinnedRounds).toFixed(2)} (rounds: ${show(pinnedRounds)})`);
console.log(`ceiling, ${cores} independent dra run processes at once over one after another: ${median(ceilings).toFixed(2)} (rounds: ${show(ceilings)})`);
if (reference !== null) console.log(`ceiling, ${cores} processes of ${C_REFERENCE} at once over one after another: ${median(referenceCeilings).toFixed(2)} (rounds: ${show(referenceCeilings)})`);
else console.log(`ceiling of ${C_REFERENCE}: skipped (${referenceMissing})`);
console.log(`speed-up of ${cores} dra sweep work processes over 1, sharing one directory: ${median(workerRounds).toFixed(2)} (rounds: ${show(workerRounds)})`);
if (reference !== null) {
  // The machine's own parallel ceiling is what N workers can reach: on a 2-core machine whose
  // cores share one CPU's throughput it is near 1, and 2 workers cannot double anything.
  const ratios = workerRounds.map((r, k) => r / referenceCeilings[k]);
  console.log(`workers against the machine's ceiling (${C_REFERENCE}), per round: ${show(ratios)}; median ${median(ratios).toFixed(2)} (target >= 0.9)`);
}
rmSync(root, { recursive: true, force: true });

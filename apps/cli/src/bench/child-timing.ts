import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

/** A sweep timed on some worker threads: wall seconds of `dra sweep`, start-up included. */
export interface SweepTiming {
  readonly threads: number;
  readonly cells: number;
  readonly seconds: number;
  readonly cellsPerSecond: number;
}

/** The sweep `dra bench` times: 16 maze cells of 5000 episodes at the paper's settings (two sigma0 by 8 replicates). */
const SWEEP_CONFIG = ['task: maze', 'seed: 1', 'replicates: 8', 'fixed:', '  episodes: 5000', 'grid:', '  sigma0: [1, 3]', ''].join('\n');
const SWEEP_CELLS = 16;

/** `dra` itself, as a command line: this Node and this script. */
function draCommand(): [string, string] {
  return [process.execPath, process.argv[1]!];
}

/** Runs `dra args...` and returns its wall seconds; a failure is reported with its stderr. */
function timedDra(args: readonly string[]): number {
  const [node, script] = draCommand();
  const started = performance.now();
  const r = spawnSync(node, [script, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`dra ${args.join(' ')} failed (exit ${r.status}): ${(r.stderr ?? '').trim().slice(-2000)}`);
  return seconds;
}

/** In a scratch directory removed afterwards. */
function inScratch<T>(work: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'dra-bench-'));
  try {
    return work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same 16-cell sweep on each thread count, one after another (not pinned: the threads need cores). */
export function timeSweeps(threadCounts: readonly number[]): SweepTiming[] {
  return inScratch((dir) => {
    const config = join(dir, 'sweep.yaml');
    writeFileSync(config, SWEEP_CONFIG);
    return threadCounts.map((threads) => {
      const seconds = timedDra(['sweep', config, '--out', join(dir, `threads-${threads}`), '--threads', String(threads)]);
      return { threads, cells: SWEEP_CELLS, seconds, cellsPerSecond: SWEEP_CELLS / seconds };
    });
  });
}

/** `dra reproduce all` at full length on every core: its wall seconds. */
export interface ReproduceTiming {
  readonly threads: number;
  readonly seconds: number;
}

export function timeReproduceAll(): ReproduceTiming {
  const threads = availableParallelism();
  return inScratch((dir) => ({ threads, seconds: timedDra(['reproduce', 'all', '--out', join(dir, 'reproduction'), '--threads', String(threads)]) }));
}

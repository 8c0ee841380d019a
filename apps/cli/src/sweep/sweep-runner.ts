import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { writeFileAtomically } from '../atomic-file.js';
import { UsageError } from '../usage-error.js';
import type { CellOutcome, CellRecord } from './cell-record.js';
import { inShard, shardLabel, type Shard } from './shard.js';
import type { Sweep } from './sweep-config.js';
import { MANIFEST_FILE, manifestOf, readCells, readManifest, writeCell, writeManifest } from './sweep-directory.js';
import { tidyTable } from './tidy-table.js';
import { usefulThreads } from '../thread-count.js';
import { unwrapThreadResult, type ThreadFailure } from '../thread-failure.js';

export interface SweepRunOptions {
  sweep: Sweep;
  /** The sweep directory: `sweep.json`, `cells/<id>.json`, and when complete `results.csv` and `results.jsonl`. */
  out: string;
  shard: Shard | null;
  /** Worker threads. */
  threads: number;
  /** Finish a sweep begun in `out` (same config and shard), running only its missing cells. */
  resume: boolean;
  /** Absolute paths of --plugin modules; every worker loads them before its first cell. */
  plugins?: readonly string[];
  onCell?: (done: number, total: number) => void;
}

export interface SweepRunSummary {
  /** Cells of this shard (all cells without one). */
  cells: number;
  ran: number;
  /** Cells already finished in `out` (with --resume). */
  kept: number;
  seconds: number;
  /** True when `out` now holds every cell and the merged results. */
  complete: boolean;
}

/** Checks that `out` can hold this sweep (fresh, or the same sweep with `resume`); writes nothing. */
export function checkSweepDirectory(options: Pick<SweepRunOptions, 'sweep' | 'out' | 'shard' | 'resume'>): void {
  const { sweep, out, shard, resume } = options;
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new UsageError(`--out '${out}' exists and is not a directory`);
  if (!existsSync(join(out, MANIFEST_FILE))) {
    if (readdirSync(out).length > 0) throw new UsageError(`--out '${out}' is not empty and holds no sweep (no ${MANIFEST_FILE}); choose a new directory`);
    return;
  }
  const manifest = readManifest(out);
  if (!resume) throw new UsageError(`--out '${out}' already holds a sweep; pass --resume to finish it, or choose a new directory`);
  if (manifest.configHash !== sweep.configHash) {
    throw new UsageError(`--resume: '${out}' holds a different sweep (config hash ${manifest.configHash.slice(0, 12)}, this config's is ${sweep.configHash.slice(0, 12)})`);
  }
  if (manifest.shard !== shardLabel(shard)) {
    throw new UsageError(`--resume: '${out}' holds shard ${manifest.shard ?? 'none (the whole sweep)'}, not ${shardLabel(shard) ?? 'the whole sweep'}`);
  }
}

/**
 * Runs a sweep's cells (its shard's share) on a pool of worker threads. Each finished cell
 * is written atomically to its own file as soon as it arrives, so an interrupted sweep
 * (even `kill -9`) loses at most the cells in flight; `resume` redoes only missing cells.
 * Every cell's bytes depend only on its settings, whatever the thread count or order.
 */
export async function runSweep(options: SweepRunOptions): Promise<SweepRunSummary> {
  const { sweep, out, shard, threads } = options;
  checkSweepDirectory(options);
  const started = performance.now();
  const manifest = manifestOf(sweep, shardLabel(shard));
  writeManifest(out, manifest);
  const mine = sweep.cells.filter((cell) => inShard(cell.index, shard));
  const cells = readCells(out, manifest, true);
  const finished = new Set(cells.map((c) => c.index));
  const todo = mine.filter((cell) => !finished.has(cell.index));
  let done = mine.length - todo.length;
  options.onCell?.(done, mine.length);
  if (todo.length > 0) {
    const pool = new Piscina({ filename: new URL('./cell-worker.js', import.meta.url).href, minThreads: usefulThreads(threads, todo.length), maxThreads: usefulThreads(threads, todo.length), workerData: { plugins: options.plugins ?? [] } });
    try {
      await Promise.all(
        todo.map(async (cell) => {
          const outcome = unwrapThreadResult((await pool.run(cell.settings)) as CellOutcome | ThreadFailure);
          const record: CellRecord = {
            configHash: sweep.configHash,
            index: cell.index,
            id: cell.id,
            parameters: cell.parameters,
            replicate: cell.replicate,
            settings: cell.settings,
            ...outcome,
          };
          writeCell(out, record);
          cells.push(record);
          options.onCell?.(++done, mine.length);
        }),
      );
    } finally {
      await pool.destroy();
    }
  }
  const complete = cells.length === sweep.cells.length;
  if (complete) writeResults(out, sweep.gridKeys, cells);
  return { cells: mine.length, ran: todo.length, kept: mine.length - todo.length, seconds: (performance.now() - started) / 1000, complete };
}

/** `results.csv` and `results.jsonl`, the tidy table (see `tidyTable`), each written atomically. */
export function writeResults(dir: string, gridKeys: readonly string[], cells: readonly CellRecord[]): void {
  const table = tidyTable(gridKeys, cells);
  writeFileAtomically(join(dir, 'results.csv'), table.csv);
  writeFileAtomically(join(dir, 'results.jsonl'), table.jsonl);
}

import { join } from 'node:path';
import { writeFileAtomically } from '../atomic-file.js';
import { checkSweepInputFiles } from '../input-file-digests.js';
import { readFailedCells, type FailedCell } from './failed-cells.js';
import { inShard, shardOfLabel } from './shard.js';
import { readCells, type SweepManifest } from './sweep-directory.js';
import { readPlan } from './sweep-plan.js';
import { workOnSweep, type SweepWorkSummary } from './sweep-worker.js';
import { tidyTable } from './tidy-table.js';

export interface SweepWorkerOptions {
  /** Worker threads. */
  threads: number;
  leaseSeconds: number;
  retryFailed?: boolean;
  /** Write the results when the sweep is complete (false: leave it to `dra sweep merge`). */
  merge?: boolean;
  onCell?: (settled: number, total: number) => void;
}

export interface SweepRunSummary extends SweepWorkSummary {
  /** Cells of this shard (all cells without one). */
  cells: number;
  /** Cells already done or failed in `out` before this worker started. */
  kept: number;
  /** True when `out` now holds every cell and the merged results. */
  complete: boolean;
  /** Failed cells of the share, by any worker. */
  failedCells: FailedCell[];
}

/** Works on a laid-out sweep directory, then writes its results when it is complete. */
export async function workAndComplete(
  dir: string,
  manifest: SweepManifest,
  options: SweepWorkerOptions,
): Promise<SweepRunSummary> {
  checkSweepInputFiles(dir, manifest.inputFiles ?? []);
  const cells = readPlan(dir, manifest);
  let kept = -1;
  const work = await workOnSweep({
    dir,
    manifest,
    cells,
    threads: options.threads,
    leaseSeconds: options.leaseSeconds,
    retryFailed: options.retryFailed,
    onCell: (settled, total) => {
      if (kept < 0) kept = settled;
      options.onCell?.(settled, total);
    },
  });
  const shard = shardOfLabel(manifest.shard);
  const share = cells.filter((cell) => inShard(cell.index, shard)).length;
  const failedCells = readFailedCells(dir);
  let complete = false;
  if (manifest.shard === null && failedCells.length === 0 && options.merge !== false) {
    const done = readCells(dir, manifest, true);
    if (done.length === manifest.cellCount) {
      writeResults(dir, manifest.gridKeys, done);
      complete = true;
    }
  }
  return { ...work, cells: share, kept: Math.max(0, kept), complete, failedCells };
}

/** `results.csv` and `results.jsonl`, the tidy table (see `tidyTable`), each written atomically. */
export function writeResults(dir: string, gridKeys: readonly string[], cells: Parameters<typeof tidyTable>[1]): void {
  const table = tidyTable(gridKeys, cells);
  writeFileAtomically(join(dir, 'results.csv'), table.csv);
  writeFileAtomically(join(dir, 'results.jsonl'), table.jsonl);
}

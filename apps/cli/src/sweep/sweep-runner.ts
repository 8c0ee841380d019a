import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { toJson } from '../json-output.js';
import { writeFileAtomically } from '../atomic-file.js';
import { checkSweepInputFiles } from '../input-file-digests.js';
import { loadPluginModules } from '../plugin-modules.js';
import { builtInIds } from '../toolkit.js';
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
  // The plugins load here first: a missing or broken one is refused (exit 2) before any cell is claimed.
  if ((manifest.plugins ?? []).length > 0) await loadPluginModules(manifest.plugins!, builtInIds());
  let kept = -1;
  const work = await workOnSweep({
    dir,
    manifest,
    cells,
    threads: options.threads,
    leaseSeconds: options.leaseSeconds,
    retryFailed: options.retryFailed,
    // Before each result is written: a model file or plugin edited while the cell ran would make it a run of another task.
    checkInputs: () => checkSweepInputFiles(dir, manifest.inputFiles ?? []),
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

/** The list of the failed cells left out of results merged with `--allow-failed`. */
export const FAILED_LIST = 'failed.jsonl';

/**
 * `results.csv` and `results.jsonl`, the tidy table (see `tidyTable`), each written
 * atomically, and `failed.jsonl` listing the failed cells left out (removed when none are).
 */
export function writeResults(dir: string, gridKeys: readonly string[], cells: Parameters<typeof tidyTable>[1], failed: readonly FailedCell[] = []): void {
  const table = tidyTable(gridKeys, cells);
  writeFileAtomically(join(dir, 'results.csv'), table.csv);
  writeFileAtomically(join(dir, 'results.jsonl'), table.jsonl);
  if (failed.length > 0) writeFileAtomically(join(dir, FAILED_LIST), failedList(failed));
  else rmSync(join(dir, FAILED_LIST), { force: true });
}

/** The lines of `failed.jsonl`. */
export function failedList(failed: readonly FailedCell[]): string {
  return failed.map((f) => `${toJson(f)}\n`).join('');
}

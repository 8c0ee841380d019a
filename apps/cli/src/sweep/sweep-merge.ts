import { resolve } from 'node:path';
import { UsageError } from '../usage-error.js';
import type { CellRecord } from './cell-record.js';
import { readFailedCells, type FailedCell } from './failed-cells.js';
import { cellId } from './sweep-config.js';
import { readCells, readManifest, type SweepManifest } from './sweep-directory.js';
import { writeResults } from './sweep-runner.js';
import { sweepStatus } from './sweep-status.js';

/** Largest number of missing cells named one by one in the error message. */
const LISTED_MISSING = 20;


export interface MergedSweep {
  manifest: SweepManifest;
  cells: CellRecord[];
  /** Failed cells left out (only with `allowFailed`). */
  failed: FailedCell[];
}

/**
 * Joins the cells of sweep directories (typically the shards of one sweep): every directory
 * must hold the same sweep (config hash), and together they must hold every cell exactly
 * once. A failed cell stands for its cell only with `allowFailed`. Problems are usage errors
 * that name the directories and cells.
 */
export function mergeSweepDirectories(dirs: readonly string[], allowFailed = false): MergedSweep {
  if (dirs.length === 0) throw new UsageError('merge needs at least one sweep directory');
  const seenDirs = new Set<string>();
  const manifests = dirs.map((dir) => {
    const absolute = resolve(dir);
    if (seenDirs.has(absolute)) throw new UsageError(`'${dir}' is given twice`);
    seenDirs.add(absolute);
    return readManifest(dir);
  });
  const first = manifests[0]!;
  const other = manifests.findIndex((m) => m.configHash !== first.configHash);
  if (other >= 0) {
    throw new UsageError(
      `'${dirs[other]}' holds a different sweep from '${dirs[0]}' (config hash ${manifests[other]!.configHash.slice(0, 12)} against ${first.configHash.slice(0, 12)}); merge only the shards of one sweep`,
    );
  }
  const owner = new Map<number, string>();
  const cells: CellRecord[] = [];
  const duplicates: string[] = [];
  dirs.forEach((dir, k) => {
    for (const cell of readCells(dir, manifests[k]!)) {
      const previous = owner.get(cell.index);
      if (previous !== undefined) {
        duplicates.push(`${cell.id} is in both '${previous}' and '${dir}'`);
        continue;
      }
      owner.set(cell.index, dir);
      cells.push(cell);
    }
  });
  if (duplicates.length > 0) throw new UsageError(`every cell must come from exactly one directory:\n${duplicates.join('\n')}`);
  const done = new Set(cells.map((c) => c.id));
  // A cell done in one shard directory and failed in another is done.
  const failed = dirs.flatMap((dir) => readFailedCells(dir)).filter((f) => !done.has(f.id));
  if (failed.length > 0 && !allowFailed) {
    const named = failed.slice(0, LISTED_MISSING).map((f) => `${f.id}: ${f.error.split('\n')[0]}`);
    throw new UsageError(
      `${failed.length} of ${first.cellCount} cells failed:\n  ${named.join('\n  ')}${failed.length > LISTED_MISSING ? '\n  ...' : ''}\n` +
        'run them again (dra sweep work DIR --retry-failed), or merge without them with --allow-failed',
    );
  }
  const failedIds = new Set(failed.map((f) => f.id));
  if (cells.length + (allowFailed ? failedIds.size : 0) < first.cellCount) {
    const missing = Array.from({ length: first.cellCount }, (_, i) => i).filter((i) => !owner.has(i) && !failedIds.has(cellId(i, first.cellCount)));
    const named = missing.slice(0, LISTED_MISSING).map((i) => cellId(i, first.cellCount));
    throw new UsageError(
      `${missing.length} of ${first.cellCount} cells are missing: ${named.join(', ')}${missing.length > LISTED_MISSING ? ', ...' : ''} (run their shards, with --resume if they were interrupted)`,
    );
  }
  return { manifest: { ...first, shard: null }, cells: cells.sort((a, b) => a.index - b.index), failed: allowFailed ? failed : [] };
}

/**
 * Completes a sweep directory in place: writes `results.csv` and `results.jsonl` from its
 * cells (and `failed.jsonl` with `allowFailed` when some failed). Refuses a shard's
 * directory, and a sweep with cells still to run, naming them and their workers.
 */
export function mergeSweepInPlace(dir: string, allowFailed = false): MergedSweep {
  const manifest = readManifest(dir);
  if (manifest.shard !== null) throw new UsageError(`'${dir}' holds shard ${manifest.shard} of a sweep; join the shards with: dra merge DIR... --out DIR`);
  const status = sweepStatus(dir);
  const unfinished = status.cells - status.done - status.failed.length;
  if (unfinished > 0) {
    const running = status.running.filter((r) => !r.expired).length;
    throw new UsageError(
      `'${dir}': ${unfinished} of ${status.cells} cells are not done (${running} running, ${unfinished - running} waiting for a worker); ` +
        `see dra sweep status ${dir}, and start workers with dra sweep work ${dir}`,
    );
  }
  const merged = mergeSweepDirectories([dir], allowFailed);
  writeResults(dir, manifest.gridKeys, merged.cells, merged.failed);
  return merged;
}

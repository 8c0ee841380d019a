import { resolve } from 'node:path';
import { UsageError } from '../usage-error.js';
import type { CellRecord } from './cell-record.js';
import { cellId } from './sweep-config.js';
import { readCells, readManifest, type SweepManifest } from './sweep-directory.js';

/** Largest number of missing cells named one by one in the error message. */
const LISTED_MISSING = 20;

/**
 * Joins the cells of sweep directories (typically the shards of one sweep): every directory
 * must hold the same sweep (config hash), and together they must hold every cell exactly
 * once. Problems are usage errors that name the directories and cells.
 */
export function mergeSweepDirectories(dirs: readonly string[]): { manifest: SweepManifest; cells: CellRecord[] } {
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
  if (cells.length < first.cellCount) {
    const missing = Array.from({ length: first.cellCount }, (_, i) => i).filter((i) => !owner.has(i));
    const named = missing.slice(0, LISTED_MISSING).map((i) => cellId(i, first.cellCount));
    throw new UsageError(
      `${missing.length} of ${first.cellCount} cells are missing: ${named.join(', ')}${missing.length > LISTED_MISSING ? ', ...' : ''} (run their shards, with --resume if they were interrupted)`,
    );
  }
  return { manifest: { ...first, shard: null }, cells: cells.sort((a, b) => a.index - b.index) };
}

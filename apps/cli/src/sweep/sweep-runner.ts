import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EnvironmentRegistry } from '@dra/environments';
import { writeFileAtomically } from '../atomic-file.js';
import type { InputFileDigest } from '../input-file-digests.js';
import { UsageError } from '../usage-error.js';
import { readFailedCells, type FailedCell } from './failed-cells.js';
import { inShard, shardLabel, shardOfLabel, type Shard } from './shard.js';
import type { Sweep } from './sweep-config.js';
import { MANIFEST_FILE, manifestOf, readCells, readManifest, writeManifest, type SweepManifest } from './sweep-directory.js';
import { hasPlan, readPlan, writePlan } from './sweep-plan.js';
import { workOnSweep, type SweepWorkSummary } from './sweep-worker.js';
import { tidyTable } from './tidy-table.js';

export interface SweepLayoutOptions {
  sweep: Sweep;
  /** The sweep directory: `sweep.json`, `plan.jsonl`, `cells/<id>.json`, and when complete `results.csv` and `results.jsonl`. */
  out: string;
  shard: Shard | null;
  /** Go on with a sweep already laid out in `out` (same config and shard). */
  resume: boolean;
  /** Absolute paths of --plugin modules; every worker loads them before its first cell. */
  plugins?: readonly string[];
  /** The files the cells' path options name, with their digests now (see `sweepInputFiles`). */
  inputFiles?: InputFileDigest[];
}

export interface SweepRunOptions extends SweepLayoutOptions {
  /** Worker threads. */
  threads: number;
  leaseSeconds: number;
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

/** Checks that `out` can hold this sweep (fresh, or the same sweep with `resume`); writes nothing. */
export function checkSweepDirectory(options: Pick<SweepLayoutOptions, 'sweep' | 'out' | 'shard' | 'resume'>): void {
  const { sweep, out, shard, resume } = options;
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new UsageError(`--out '${out}' exists and is not a directory`);
  if (!existsSync(join(out, MANIFEST_FILE))) {
    if (readdirSync(out).length > 0) throw new UsageError(`--out '${out}' is not empty and holds no sweep (no ${MANIFEST_FILE}); choose a new directory`);
    return;
  }
  const manifest = readManifest(out);
  if (!resume) throw new UsageError(`--out '${out}' already holds a sweep; pass --resume to finish it (or start more workers on it: dra sweep work ${out}), or choose a new directory`);
  if (manifest.configHash !== sweep.configHash) {
    throw new UsageError(`--resume: '${out}' holds a different sweep (config hash ${manifest.configHash.slice(0, 12)}, this config's is ${sweep.configHash.slice(0, 12)})`);
  }
  if (manifest.shard !== shardLabel(shard)) {
    throw new UsageError(`--resume: '${out}' holds shard ${manifest.shard ?? 'none (the whole sweep)'}, not ${shardLabel(shard) ?? 'the whole sweep'}`);
  }
}

/**
 * Lays a sweep out in `out`: the manifest and the plan (every cell's settings), so that any
 * number of `dra sweep work` processes can share its cells. A directory that already holds
 * the same sweep is kept as it is (`resume`).
 */
export function layOutSweep(options: SweepLayoutOptions): SweepManifest {
  checkSweepDirectory(options);
  const { sweep, out, shard } = options;
  if (existsSync(join(out, MANIFEST_FILE))) {
    const manifest = readManifest(out);
    if (!hasPlan(out)) writePlan(out, sweep.cells); // laid out by an older dra, which wrote no plan
    return manifest;
  }
  const manifest = manifestOf(sweep, shardLabel(shard), { plugins: [...(options.plugins ?? [])], inputFiles: options.inputFiles ?? [] });
  // The plan first: a directory with a manifest is a laid-out sweep.
  mkdirSync(out, { recursive: true });
  writePlan(out, sweep.cells);
  writeManifest(out, manifest);
  return manifest;
}

/**
 * Lays out a sweep (or takes up the one in `out`) and works on its cells here, on
 * `threads` worker threads, beside any other workers of the directory; writes the merged
 * results when the whole sweep is done without failures.
 */
export async function runSweep(options: SweepRunOptions): Promise<SweepRunSummary> {
  const manifest = layOutSweep(options);
  return workAndComplete(options.out, manifest, options);
}

/** Works on a laid-out sweep directory, then writes its results when it is complete. */
export async function workAndComplete(
  dir: string,
  manifest: SweepManifest,
  options: { threads: number; leaseSeconds: number; retryFailed?: boolean; merge?: boolean; onCell?: (settled: number, total: number) => void },
): Promise<SweepRunSummary> {
  checkSweepInputFiles(dir, manifest);
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

/** The files the cells' `path` options name (model files, maps), each once, with their SHA-256 now. */
export function sweepInputFiles(registry: EnvironmentRegistry, sweep: Sweep): InputFileDigest[] {
  const paths = new Set<string>();
  for (const cell of sweep.cells) {
    const specs = registry.get(cell.settings.env).options;
    for (const [name, value] of Object.entries(cell.settings.envOptions)) {
      if (specs[name]?.type === 'path' && typeof value === 'string') paths.add(value);
    }
  }
  return [...paths].sort().map((path) => ({ path, sha256: sha256Of(path) }));
}

/** Refuses to work on a sweep whose model or map files changed since it was laid out: its cells would train on two different tasks. */
export function checkSweepInputFiles(dir: string, manifest: SweepManifest): void {
  for (const file of manifest.inputFiles ?? []) {
    let now: string;
    try {
      now = sha256Of(file.path);
    } catch (error) {
      throw new UsageError(`'${dir}': its cells read '${file.path}', which cannot be read here (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); workers need the same files at the same paths`);
    }
    if (now !== file.sha256) {
      throw new UsageError(`'${dir}': '${file.path}' changed since the sweep was laid out (sha256 ${file.sha256.slice(0, 12)}... then, ${now.slice(0, 12)}... now); restore it, or lay the sweep out again in a new directory`);
    }
  }
}

function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

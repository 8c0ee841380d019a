import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { TEMPORARY_PREFIX, writeFileAtomically } from '../atomic-file.js';
import { toJson } from '../json-output.js';
import { UsageError } from '../usage-error.js';
import { readCellRecord, type CellRecord } from './cell-record.js';
import type { Sweep } from './sweep-config.js';
import { INPUT_LIMITS, readInputFile } from '../input-file.js';
import type { InputFileDigest } from '../input-file-digests.js';

/** `sweep.json`: what a sweep directory holds (its cells are in `cells/`). */
export interface SweepManifest {
  configHash: string;
  task: string | null;
  seed: number;
  replicates: number;
  gridKeys: string[];
  /** Cells of the whole sweep (a shard holds only its share). */
  cellCount: number;
  /** `i/n` for a shard's directory, else null. */
  shard: string | null;
  /** Absolute paths of the --plugin modules the sweep was laid out with: every worker loads them. */
  plugins?: string[];
  /** The files the cells read (model files, maps, plugin modules) and their SHA-256 when laid out: workers refuse changed files. */
  inputFiles?: InputFileDigest[];
  /** SHA-256 of `plan.jsonl` as laid out. */
  planSha256?: string;
}

const MANIFEST_SCHEMA = z.strictObject({
  configHash: z.string().regex(/^[0-9a-f]{64}$/),
  task: z.string().nullable(),
  seed: z.number().int(),
  replicates: z.number().int().min(1),
  gridKeys: z.array(z.string()),
  cellCount: z.number().int().min(1),
  shard: z.string().nullable(),
  plugins: z.array(z.string()).optional(),
  inputFiles: z.array(z.strictObject({ path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })).optional(),
  planSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});

export const MANIFEST_FILE = 'sweep.json';
export const CELLS_FOLDER = 'cells';

export function manifestOf(sweep: Sweep, shard: string | null, extra: Pick<SweepManifest, 'plugins' | 'inputFiles' | 'planSha256'> = {}): SweepManifest {
  return {
    configHash: sweep.configHash,
    task: sweep.task,
    seed: sweep.seed,
    replicates: sweep.replicates,
    gridKeys: sweep.gridKeys,
    cellCount: sweep.cells.length,
    shard,
    ...(extra.plugins !== undefined && extra.plugins.length > 0 ? { plugins: [...extra.plugins] } : {}),
    ...(extra.inputFiles !== undefined && extra.inputFiles.length > 0 ? { inputFiles: extra.inputFiles } : {}),
    ...(extra.planSha256 !== undefined ? { planSha256: extra.planSha256 } : {}),
  };
}

/** The manifest of a sweep directory; anything else is a usage error naming the directory. */
export function readManifest(dir: string): SweepManifest {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(dir)) throw new UsageError(`'${dir}': no such directory`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`'${dir}' is not a directory`);
  if (!existsSync(path)) throw new UsageError(`'${dir}' is not a sweep directory (no ${MANIFEST_FILE})`);
  const text = readInputFile(path, 'sweep manifest', INPUT_LIMITS.config);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON (${(error as Error).message})`);
  }
  const parsed = MANIFEST_SCHEMA.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${path} is not a sweep manifest (${issue.path.join('.') || 'top level'}: ${issue.message})`);
  }
  return parsed.data;
}

export function writeManifest(dir: string, manifest: SweepManifest): void {
  mkdirSync(join(dir, CELLS_FOLDER), { recursive: true });
  writeFileAtomically(join(dir, MANIFEST_FILE), `${toJson(manifest, 2)}\n`);
}

export function cellPath(dir: string, id: string): string {
  return join(dir, CELLS_FOLDER, `${id}.json`);
}

export function writeCell(dir: string, record: CellRecord): void {
  if (!existsSync(join(dir, CELLS_FOLDER))) mkdirSync(join(dir, CELLS_FOLDER), { recursive: true });
  writeFileAtomically(cellPath(dir, record.id), `${toJson(record)}\n`);
}

/** True when the cell's result file exists. */
export function isCellDone(dir: string, id: string): boolean {
  return existsSync(cellPath(dir, id));
}

/** Age after which a temporary file is taken for one left by a killed writer (other workers may be writing younger ones). */
const ABANDONED_AFTER_MS = 10 * 60 * 1000;

/**
 * The finished cells of a sweep directory, checked against its manifest (hash, index range,
 * file name). Temporary files of writes cut short by a kill (older than ten minutes, so as
 * not to disturb a live worker's write) are removed when `tidy` is set.
 */
export function readCells(dir: string, manifest: SweepManifest, tidy = false): CellRecord[] {
  const folder = join(dir, CELLS_FOLDER);
  if (!existsSync(folder)) return [];
  const cells: CellRecord[] = [];
  const now = Date.now();
  for (const name of readdirSync(folder).sort()) {
    if (name.startsWith(TEMPORARY_PREFIX)) {
      const modified = tidy ? statSync(join(folder, name), { throwIfNoEntry: false })?.mtimeMs : undefined;
      if (modified !== undefined && now - modified > ABANDONED_AFTER_MS) rmSync(join(folder, name), { force: true });
      continue;
    }
    if (!name.endsWith('.json')) continue;
    const path = join(folder, name);
    const record = readCellRecord(path);
    if (record.configHash !== manifest.configHash) {
      throw new UsageError(`${path} belongs to another sweep (config hash ${record.configHash.slice(0, 12)}, the directory's is ${manifest.configHash.slice(0, 12)})`);
    }
    if (`${record.id}.json` !== name || record.index >= manifest.cellCount) {
      throw new UsageError(`${path} holds cell ${record.id} (index ${record.index}), which does not belong under this name in a sweep of ${manifest.cellCount} cells`);
    }
    cells.push(record);
  }
  return cells;
}

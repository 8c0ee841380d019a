import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from '../atomic-file.js';
import { INPUT_LIMITS, readInputFile } from '../input-file.js';
import { toJson } from '../json-output.js';
import { UsageError } from '../usage-error.js';
import { cellId, type SweepCell } from './sweep-config.js';
import type { SweepManifest } from './sweep-directory.js';

/**
 * `plan.jsonl`: every cell of a sweep with its full settings, one JSON line each, in cell
 * order. A worker needs only the sweep directory (not the config file, nor the machine it
 * was laid out on) to know what to run; the config hash of the manifest guards the plan.
 */
export const PLAN_FILE = 'plan.jsonl';

const PLANNED_CELL = z.strictObject({
  index: z.number().int().min(0),
  id: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  replicate: z.number().int().min(0),
  settings: z.object({ seed: z.number(), env: z.string() }).passthrough(),
});

/** The config hash of a list of cells: sha256 of every cell's full settings. */
export function planHash(cells: readonly Pick<SweepCell, 'settings'>[]): string {
  return createHash('sha256').update(toJson(cells.map((c) => c.settings))).digest('hex');
}

/** Writes the plan; returns the SHA-256 of its bytes, for the manifest (`planSha256`). */
export function writePlan(dir: string, cells: readonly SweepCell[]): string {
  const text = cells.map((c) => `${toJson({ index: c.index, id: c.id, parameters: c.parameters, replicate: c.replicate, settings: c.settings })}\n`).join('');
  writeFileAtomically(join(dir, PLAN_FILE), text);
  return createHash('sha256').update(text).digest('hex');
}

export function hasPlan(dir: string): boolean {
  return existsSync(join(dir, PLAN_FILE));
}

/** The cells of a laid-out sweep; a missing, altered or foreign plan is a usage error naming the file. */
export function readPlan(dir: string, manifest: SweepManifest): SweepCell[] {
  const path = join(dir, PLAN_FILE);
  if (!existsSync(path)) {
    throw new UsageError(`'${dir}' has no ${PLAN_FILE} (laid out by an older dra); finish it with: dra sweep CONFIG --out ${dir} --resume`);
  }
  const text = readInputFile(path, 'sweep plan', INPUT_LIMITS.data);
  // The whole plan (ids and grid values too, which the config hash does not cover) is as laid out.
  if (manifest.planSha256 !== undefined && createHash('sha256').update(text).digest('hex') !== manifest.planSha256) {
    throw new UsageError(`${path} changed since the sweep was laid out (its SHA-256 is not the manifest's planSha256); lay the sweep out again in a new directory`);
  }
  const lines = text.split('\n').filter((line) => line.length > 0);
  const cells = lines.map((line, k) => {
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch (error) {
      throw new UsageError(`${path}:${k + 1}: not a JSON line (${(error as Error).message})`);
    }
    const parsed = PLANNED_CELL.safeParse(data);
    if (!parsed.success || parsed.data.index !== k || parsed.data.id !== cellId(k, manifest.cellCount)) {
      const issue = !parsed.success
        ? `${parsed.error.issues[0]!.path.join('.') || 'top level'}: ${parsed.error.issues[0]!.message}`
        : parsed.data.index !== k
          ? `index ${parsed.data.index} where ${k} was expected`
          : `id '${parsed.data.id}' where '${cellId(k, manifest.cellCount)}' was expected`;
      throw new UsageError(`${path}:${k + 1}: not a planned cell (${issue})`);
    }
    return data as SweepCell; // as written (the schema's output would reorder the settings' keys, and the hash reads them in order)
  });
  if (cells.length !== manifest.cellCount || planHash(cells) !== manifest.configHash) {
    throw new UsageError(`${path} does not match the sweep's manifest (${cells.length} cells against ${manifest.cellCount}, or settings changed since it was laid out); lay the sweep out again in a new directory`);
  }
  return cells;
}


import type { CurvePoint, RunSettings, StepCounts } from '@dra/agent';
import type { MemoryRows } from '@dra/core';
import type { ObjectiveValue } from '@dra/objectives';
import { z } from 'zod';
import { UsageError } from '../usage-error.js';
import { INPUT_LIMITS, readInputFile } from '../input-file.js';

/** What training one cell produced (no timings, so the bytes depend only on the settings). */
export interface CellOutcome {
  final: ObjectiveValue;
  steps: StepCounts;
  curve: CurvePoint[];
  memory: MemoryRows;
}

/** A finished cell, as saved in `cells/<id>.json`. */
export interface CellRecord extends CellOutcome {
  configHash: string;
  index: number;
  id: string;
  parameters: Record<string, unknown>;
  replicate: number;
  settings: RunSettings;
}

const VALUE = z.strictObject({ objective: z.number(), return: z.number(), memoryCost: z.number(), actionEntropy: z.number() });
const CELL_SCHEMA = z.object({
  configHash: z.string(),
  index: z.number().int().min(0),
  id: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  replicate: z.number().int().min(0),
  settings: z.object({ seed: z.number() }).passthrough(),
  final: VALUE,
  steps: z.strictObject({ learning: z.number(), gradient: z.number(), evaluation: z.number(), total: z.number() }),
  curve: z.array(VALUE.extend({ episode: z.number() })),
  memory: z.strictObject({ mean: z.array(z.array(z.number())), sigma: z.array(z.array(z.number())), known: z.array(z.array(z.boolean())).optional() }),
});

/** Reads a cell file; a file that is not a cell record is a usage error naming it. */
export function readCellRecord(path: string): CellRecord {
  const text = readInputFile(path, 'sweep cell', INPUT_LIMITS.data);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not a sweep cell file (${(error as Error).message}); remove it to run the cell again`);
  }
  const parsed = CELL_SCHEMA.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${path} is not a sweep cell file (${issue.path.join('.') || 'top level'}: ${issue.message}); remove it to run the cell again`);
  }
  return parsed.data as unknown as CellRecord;
}

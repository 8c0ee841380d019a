import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { meanOfLast, validateRunSettings, withoutNulls, type CurvePoint, type RunSettings } from '@dra/agent';
import type { Environment, MemoryRows, MemoryTable } from '@dra/core';
import type { EnvironmentRegistry } from '@dra/environments';
import type { ObjectiveValue } from '@dra/objectives';
import { toCsv, toJson } from './json-output.js';
import { readMemory } from './saved-memory.js';
import { UsageError } from './usage-error.js';

/** A run directory written by `dra run --out`, read back and checked. */
export interface SavedRun {
  dir: string;
  settings: RunSettings;
  curve: CurvePoint[];
  /** Mean of the last three evaluations, as `dra run` reports. */
  final: ObjectiveValue;
  memory: MemoryTable;
  environment: Environment;
}

export const CURVE_COLUMNS = ['episode', 'objective', 'return', 'memoryCost', 'actionEntropy'] as const;
const RUN_FILES = ['config.json', 'curve.csv', 'memory.json'];

/** The deterministic files of a run directory: `config.json`, `curve.csv`, `memory.json`. */
export function savedRunFiles(settings: RunSettings, curve: readonly CurvePoint[], memory: MemoryRows): Record<string, string> {
  return {
    'config.json': `${toJson(settings, 2)}\n`,
    'curve.csv': toCsv(
      CURVE_COLUMNS,
      curve.map((p) => [p.episode, p.objective, p.return, p.memoryCost, p.actionEntropy]),
    ),
    'memory.json': `${toJson(memory)}\n`,
  };
}

/** Reads a run directory; anything missing or malformed is a usage error naming the file and the value. */
export function readSavedRun(dir: string, registry: EnvironmentRegistry): SavedRun {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`'${dir}' is not a run directory: no such directory`);
  const missing = RUN_FILES.filter((f) => !existsSync(join(dir, f)));
  if (missing.length > 0) throw new UsageError(`'${dir}' is not a run directory (as written by dra run --out): missing ${missing.join(', ')}`);
  const settings = readSettings(join(dir, 'config.json'), registry);
  const environment = registry.create(settings.env, withoutNulls(settings.envOptions));
  const curve = parseCurveCsv(readFileSync(join(dir, 'curve.csv'), 'utf8'), join(dir, 'curve.csv'));
  const memoryFile = join(dir, 'memory.json');
  const memory = readMemory(memoryFile, environment, `'${memoryFile}'`);
  return { dir, settings, curve, final: meanOfLast(curve, 3), memory, environment };
}

function readSettings(file: string, registry: EnvironmentRegistry): RunSettings {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`'${file}': not valid JSON (${(error as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError(`'${file}': expected a JSON object of run settings`);
  const settings = parsed as RunSettings;
  if (typeof settings.env !== 'string') throw new UsageError(`'${file}': env must be an environment id, got ${JSON.stringify(settings.env)}`);
  if (settings.envOptions === null || typeof settings.envOptions !== 'object') throw new UsageError(`'${file}': envOptions must be an object, got ${JSON.stringify(settings.envOptions)}`);
  const problems = validateRunSettings(settings, registry);
  if (problems.length > 0) {
    throw new UsageError(`'${file}':\n${problems.map((p) => `  ${p.field} must be ${p.expected}, got ${JSON.stringify(p.value) ?? String(p.value)}`).join('\n')}`);
  }
  return settings;
}

/**
 * Parses a run's `curve.csv`: the header `episode,objective,return,memoryCost,actionEntropy`,
 * then one row of finite numbers per evaluation, episodes increasing. Errors name the line.
 */
export function parseCurveCsv(text: string, file: string): CurvePoint[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines[0] !== CURVE_COLUMNS.join(',')) throw new UsageError(`'${file}' line 1: expected the header ${CURVE_COLUMNS.join(',')}, got ${JSON.stringify(lines[0] ?? '')}`);
  if (lines.length < 2) throw new UsageError(`'${file}' has no evaluations`);
  const curve: CurvePoint[] = [];
  for (let i = 1; i < lines.length; i++) {
    const fields = lines[i]!.split(',');
    if (fields.length !== CURVE_COLUMNS.length) throw new UsageError(`'${file}' line ${i + 1}: expected ${CURVE_COLUMNS.length} fields, got ${fields.length}`);
    const values = fields.map((f, k) => {
      const v = f.trim() === '' ? NaN : Number(f);
      if (!Number.isFinite(v)) throw new UsageError(`'${file}' line ${i + 1}: ${CURVE_COLUMNS[k]} must be a finite number, got ${JSON.stringify(f)}`);
      return v;
    });
    const [episode, objective, ret, memoryCost, actionEntropy] = values as [number, number, number, number, number];
    if (!Number.isSafeInteger(episode) || episode < 0) throw new UsageError(`'${file}' line ${i + 1}: episode must be a whole number >= 0, got ${fields[0]}`);
    if (curve.length > 0 && episode <= curve[curve.length - 1]!.episode) throw new UsageError(`'${file}' line ${i + 1}: episodes must increase, got ${episode} after ${curve[curve.length - 1]!.episode}`);
    curve.push({ episode, objective, return: ret, memoryCost, actionEntropy });
  }
  return curve;
}

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CURVE_COLUMNS, meanOfLast, parseCurveCsv, validateRunSettings, withoutNulls, type CurvePoint, type RunSettings } from '@dra/agent';
import type { Environment, MemoryRows, MemoryTable } from '@dra/core';
import type { EnvironmentRegistry } from '@dra/environments';
import type { ObjectiveRegistry, ObjectiveValue } from '@dra/objectives';
import { toCsv, toJson } from './json-output.js';
import { readMemory } from './saved-memory.js';
import { checkInputFiles } from './input-file-digests.js';
import { UsageError } from './usage-error.js';
import { INPUT_LIMITS, readInputFile } from './input-file.js';

/** A run directory written by `dra run --out`, read back and checked. */
export interface SavedRun {
  dir: string;
  settings: RunSettings;
  curve: CurvePoint[];
  /** Mean of the last three evaluations, as `dra run` reports. */
  final: ObjectiveValue;
  memory: MemoryTable;
  /** The run's environment as at its last training episode (scheduled changes applied). */
  environment: Environment;
}

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
export function readSavedRun(dir: string, registry: EnvironmentRegistry, objectives?: ObjectiveRegistry): SavedRun {
  if (!existsSync(dir)) throw new UsageError(`'${dir}' is not a run directory: no such directory`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`'${dir}' is not a run directory: it is a file (give the directory dra run --out wrote)`);
  const missing = RUN_FILES.filter((f) => !existsSync(join(dir, f)));
  if (missing.length > 0) throw new UsageError(`'${dir}' is not a run directory (as written by dra run --out): missing ${missing.join(', ')}`);
  const settings = readSettings(join(dir, 'config.json'), registry, objectives);
  checkInputFiles(dir, registry, settings, recordedInputFiles(join(dir, 'run.json')));
  const environment = registry.create(settings.env, withoutNulls(settings.envOptions));
  // The world the memories were left in: after a scheduled change (the maze's switch), the changed one.
  environment.setEpisode?.(Math.max(0, settings.episodes - 1));
  const curveFile = join(dir, 'curve.csv');
  const curveText = readInputFile(curveFile, '', INPUT_LIMITS.curve);
  let curve: CurvePoint[];
  try {
    curve = parseCurveCsv(curveText);
  } catch (error) {
    throw new UsageError(`'${curveFile}' ${(error as Error).message}`);
  }
  const memoryFile = join(dir, 'memory.json');
  const memory = readMemory(memoryFile, environment, '');
  return { dir, settings, curve, final: meanOfLast(curve, 3), memory, environment };
}

/** The input-file digests a run's run.json recorded, or null (older runs, or no run.json). */
function recordedInputFiles(file: string): unknown {
  if (!existsSync(file)) return null;
  try {
    return (JSON.parse(readInputFile(file, '', INPUT_LIMITS.data)) as { inputFiles?: unknown }).inputFiles ?? null;
  } catch {
    return null; // run.json is a report; a damaged one does not stop reading the run's own files
  }
}

function readSettings(file: string, registry: EnvironmentRegistry, objectives: ObjectiveRegistry | undefined): RunSettings {
  const text = readInputFile(file, '', INPUT_LIMITS.data);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`'${file}': not valid JSON (${(error as Error).message})`);
  }
  return checkSavedSettings(parsed, `'${file}'`, registry, objectives);
}

/**
 * Checks the parsed `config.json` of a run (a run directory's, or an interrupted run's) and
 * returns it as settings; every problem is a usage error starting with `label`, naming the field and value.
 */
export function checkSavedSettings(parsed: unknown, label: string, registry: EnvironmentRegistry, objectives?: ObjectiveRegistry): RunSettings {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError(`${label}: expected a JSON object of run settings`);
  const settings = { ...parsed } as RunSettings;
  // Runs saved before the sigma step rules existed used the paper's constant step (keys appended, the others keep their order).
  if (settings.sigmaStep === undefined) settings.sigmaStep = 'constant';
  if (settings.alphaSigmaDecay === undefined) settings.alphaSigmaDecay = null;
  if (typeof settings.env !== 'string') throw new UsageError(`${label}: env must be an environment id, got ${JSON.stringify(settings.env)}`);
  if (settings.envOptions === null || typeof settings.envOptions !== 'object') throw new UsageError(`${label}: envOptions must be an object, got ${JSON.stringify(settings.envOptions)}`);
  const problems = validateRunSettings(settings, registry, objectives);
  if (problems.length > 0) {
    throw new UsageError(`${label}:\n${problems.map((p) => `  ${p.field} must be ${p.expected}, got ${JSON.stringify(p.value) ?? String(p.value)}`).join('\n')}`);
  }
  return settings;
}

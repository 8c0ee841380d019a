import { ESTIMATOR_IDS, type EstimatorId } from '@dra/objectives';
import type { TrainingLoopSettings } from './train.js';

/** Environments `runExperiment` can build by name. */
export const ENVIRONMENT_IDS = ['maze'] as const;
export type EnvironmentId = (typeof ENVIRONMENT_IDS)[number];

export const OBJECTIVE_IDS = ['dra'] as const;
export type ObjectiveId = (typeof OBJECTIVE_IDS)[number];

/** Every setting of one training run, as plain JSON-able values (the saved `config.json`). */
export interface RunSettings extends TrainingLoopSettings {
  env: EnvironmentId;
  objective: ObjectiveId;
  estimator: EstimatorId;
  seed: number;
  lambda: number;
  beta: number;
  sigma0: number;
  sigmaBase: number;
  qInit: number;
  /** Maze only: training episode of the paper's goal switch; null for none. */
  switchAt: number | null;
}

/** The paper's maze settings (TASKS.md 1), with sigma0 = 3 and the 'A' estimator. */
export const MAZE_PAPER_SETTINGS: Readonly<RunSettings> = Object.freeze({
  env: 'maze',
  objective: 'dra',
  estimator: 'A',
  episodes: 5000,
  seed: 1,
  lambda: 0.1,
  beta: 10,
  sigma0: 3,
  sigmaBase: 5,
  sigmaMin: 0.01,
  sigmaMax: 100,
  qInit: 0,
  gamma: 0.9,
  alphaQ: 0.1,
  alphaSigma: 0.1,
  nTraj: 10,
  evalEvery: 100,
  evalRollouts: 100,
  switchAt: null,
});

/** Paper defaults per environment. */
export function defaultSettings(env: EnvironmentId): RunSettings {
  switch (env) {
    case 'maze':
      return { ...MAZE_PAPER_SETTINGS };
  }
}

/** A setting that failed validation: its name, the value given and what is expected. */
export interface SettingProblem {
  field: keyof RunSettings;
  value: unknown;
  expected: string;
}

type Check = [keyof RunSettings, (v: unknown, s: RunSettings) => boolean, string];

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isWhole = (v: unknown, min: number) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;

const CHECKS: Check[] = [
  ['env', (v) => (ENVIRONMENT_IDS as readonly unknown[]).includes(v), `one of ${ENVIRONMENT_IDS.join(', ')}`],
  ['objective', (v) => (OBJECTIVE_IDS as readonly unknown[]).includes(v), `one of ${OBJECTIVE_IDS.join(', ')}`],
  ['estimator', (v) => (ESTIMATOR_IDS as readonly unknown[]).includes(v), `one of ${ESTIMATOR_IDS.join(', ')}`],
  ['episodes', (v) => isWhole(v, 1), 'a whole number >= 1'],
  ['seed', (v) => isWhole(v, 0), 'a whole number >= 0'],
  ['lambda', (v) => isNumber(v) && v >= 0, 'a finite number >= 0'],
  ['beta', (v) => isNumber(v) && v > 0, 'a finite number > 0'],
  ['sigma0', (v) => isNumber(v) && v > 0, 'a finite number > 0'],
  ['sigmaBase', (v) => isNumber(v) && v > 0, 'a finite number > 0'],
  ['sigmaMin', (v) => isNumber(v) && v > 0, 'a finite number > 0'],
  ['sigmaMax', (v, s) => isNumber(v) && v >= s.sigmaMin, 'a finite number >= sigmaMin'],
  ['sigma0', (v, s) => !isNumber(v) || !isNumber(s.sigmaMin) || !isNumber(s.sigmaMax) || (v >= s.sigmaMin && v <= s.sigmaMax), 'within [sigmaMin, sigmaMax]'],
  ['qInit', (v) => isNumber(v), 'a finite number'],
  ['gamma', (v) => isNumber(v) && v >= 0 && v <= 1, 'a number in [0, 1]'],
  ['alphaQ', (v) => isNumber(v) && v > 0 && v <= 1, 'a number in (0, 1]'],
  ['alphaSigma', (v) => isNumber(v) && v > 0, 'a finite number > 0'],
  ['nTraj', (v) => isWhole(v, 1), 'a whole number >= 1'],
  ['evalEvery', (v) => isWhole(v, 1), 'a whole number >= 1'],
  ['evalRollouts', (v) => isWhole(v, 1), 'a whole number >= 1'],
  ['switchAt', (v) => v === null || isWhole(v, 0), 'a whole number >= 0, or null'],
];

/** All problems with `settings` (empty when valid); each names the field and the value. */
export function validateRunSettings(settings: RunSettings): SettingProblem[] {
  const problems: SettingProblem[] = [];
  const seen = new Set<string>();
  for (const [field, ok, expected] of CHECKS) {
    if (seen.has(field)) continue;
    if (!ok(settings[field], settings)) {
      problems.push({ field, value: settings[field], expected });
      seen.add(field);
    }
  }
  return problems;
}

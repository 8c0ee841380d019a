import { SIGMA_STEP_RULE_IDS, type BetaSchedule, type Environment, type EnvironmentPlugin, type SigmaStepRuleId, type StepDecay } from '@dra/core';
import { createBuiltInRegistry, type EnvironmentRegistry } from '@dra/environments';
import { ESTIMATOR_IDS, OBJECTIVE_IDS, PAPER_ESTIMATOR_IDS, type EstimatorId, type ObjectiveId } from '@dra/objectives';
import type { TrainingLoopSettings } from './train.js';

/** Value of an environment option in plain settings. */
export type EnvironmentOptionValue = number | boolean | null;

/** Every setting of one training run, as plain JSON-able values (the saved `config.json`). */
export interface RunSettings extends TrainingLoopSettings {
  /** Id of a registered environment plugin. */
  env: string;
  /** The environment's options, defaults filled in (e.g. maze `switchAt`, huys `depth`). */
  envOptions: Record<string, EnvironmentOptionValue>;
  objective: ObjectiveId;
  estimator: EstimatorId;
  /**
   * Eq. 10's T_ref: a length, 'realised' for each episode's own length (MATH.md 3.5, reading 2),
   * or null = the task's fixed horizon (an error on a task without one).
   */
  tRef: number | 'realised' | null;
  /** Step sigma along the exact gradient (tabular models only) instead of N_traj rollouts. */
  exactGradient: boolean;
  /** How a sigma gradient becomes a step: 'constant' (the paper's), 'rmsprop' or 'adam' (see `SigmaStepper`). */
  sigmaStep: SigmaStepRuleId;
  /** Robbins-Monro decay of alphaSigma, alpha_e = alphaSigma (1 + e / tau)^(-power); null for none. */
  alphaSigmaDecay: StepDecay | null;
  seed: number;
  lambda: number;
  /** Inverse temperature; with a schedule, its value at episode 0. */
  beta: number;
  betaSchedule: BetaSchedule | null;
  sigma0: number;
  sigmaBase: number;
  /** Initial means: a constant, or [low, high] for a seeded uniform draw per memory. */
  qInit: number | [number, number];
  /** Memories whose every outcome ends the episode start known exactly (tabular models only). */
  knownFinalMoves: boolean;
  /** Sigma of the memories known exactly. */
  knownSigma: number;
}

/** Defaults of the settings an environment's paper preset does not give. */
const BASE_SETTINGS: Omit<RunSettings, 'env' | 'envOptions'> = {
  objective: 'dra',
  estimator: 'A',
  tRef: null,
  exactGradient: false,
  sigmaStep: 'constant',
  alphaSigmaDecay: null,
  episodes: 5000,
  seed: 1,
  lambda: 0.1,
  beta: 10,
  betaSchedule: null,
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
  knownFinalMoves: false,
  knownSigma: 1,
};

/** The environment's option defaults, as plain settings. */
export function defaultEnvironmentOptions(plugin: EnvironmentPlugin<object>): Record<string, EnvironmentOptionValue> {
  const options: Record<string, EnvironmentOptionValue> = {};
  for (const [name, spec] of Object.entries(plugin.options)) options[name] = spec.default;
  return options;
}

/**
 * The paper's settings for a registered environment: the agent's defaults overlaid with
 * the plugin's `paperSettings` and its option defaults.
 */
export function defaultSettings(env: string, registry: EnvironmentRegistry = createBuiltInRegistry()): RunSettings {
  const plugin = registry.get(env);
  const preset = (plugin.paperSettings ?? {}) as Partial<RunSettings>;
  return structuredClone({ ...BASE_SETTINGS, ...preset, env, envOptions: defaultEnvironmentOptions(plugin) });
}

/** The paper's maze settings (TASKS.md 1), with sigma0 = 3 and the 'A' estimator. */
export const MAZE_PAPER_SETTINGS: Readonly<RunSettings> = Object.freeze(defaultSettings('maze'));

/** A setting that failed validation: its name (`envOptions.depth` for options), the value and what is expected. */
export interface SettingProblem {
  field: string;
  value: unknown;
  expected: string;
}

type Check = [keyof RunSettings, (v: unknown, s: RunSettings) => boolean, string];

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isWhole = (v: unknown, min: number) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function isStepDecay(v: unknown): boolean {
  if (v === null) return true;
  if (!isRecord(v)) return false;
  return Object.keys(v).sort().join(',') === 'power,tau' && isNumber(v.tau) && v.tau > 0 && isNumber(v.power) && v.power > 0 && v.power <= 1;
}

function isBetaSchedule(v: unknown): boolean {
  if (v === null) return true;
  if (!isRecord(v)) return false;
  const keys = Object.keys(v).sort().join(',');
  return keys === 'every,growth,max' && isNumber(v.growth) && v.growth > 0 && isNumber(v.every) && v.every > 0 && isNumber(v.max) && v.max > 0;
}

const CHECKS: Check[] = [
  ['objective', (v) => (OBJECTIVE_IDS as readonly unknown[]).includes(v), `one of ${OBJECTIVE_IDS.join(', ')}`],
  ['estimator', (v) => (ESTIMATOR_IDS as readonly unknown[]).includes(v), `one of ${ESTIMATOR_IDS.join(', ')}`],
  ['estimator', (v, s) => s.objective === 'dra' || !(PAPER_ESTIMATOR_IDS as readonly unknown[]).includes(v), "an unbiased estimator (causal, full, state-baseline, noise-baseline, all-actions) for eq8 and eq10; 'A', 'Q', 'R' are DRA's"],
  ['tRef', (v) => v === null || v === 'realised' || (isNumber(v) && v > 0), "a finite number > 0, 'realised', or null for the task horizon"],
  ['episodes', (v) => isWhole(v, 1), 'a whole number >= 1'],
  ['seed', (v) => isWhole(v, 0), 'a whole number >= 0'],
  ['lambda', (v) => isNumber(v) && v >= 0, 'a finite number >= 0'],
  ['beta', (v) => isNumber(v) && v > 0, 'a finite number > 0'],
  ['betaSchedule', isBetaSchedule, 'null or { growth > 0, every > 0, max > 0 }'],
  ['sigma0', (v) => isNumber(v) && v > 0, 'a finite number > 0'],
  ['sigmaBase', (v) => isNumber(v) && v > 0, 'a finite number > 0'],
  ['sigmaMin', (v) => isNumber(v) && v > 0, 'a finite number > 0'],
  ['sigmaMax', (v, s) => isNumber(v) && v >= s.sigmaMin, 'a finite number >= sigmaMin'],
  ['sigma0', (v, s) => !isNumber(v) || !isNumber(s.sigmaMin) || !isNumber(s.sigmaMax) || (v >= s.sigmaMin && v <= s.sigmaMax), 'within [sigmaMin, sigmaMax]'],
  ['qInit', (v) => isNumber(v) || (Array.isArray(v) && v.length === 2 && isNumber(v[0]) && isNumber(v[1]) && v[0] <= v[1]), 'a finite number, or [low, high] with low <= high'],
  ['gamma', (v) => isNumber(v) && v >= 0 && v <= 1, 'a number in [0, 1]'],
  ['alphaQ', (v) => isNumber(v) && v > 0 && v <= 1, 'a number in (0, 1]'],
  ['alphaSigma', (v) => isNumber(v) && v > 0, 'a finite number > 0'],
  ['sigmaStep', (v) => (SIGMA_STEP_RULE_IDS as readonly unknown[]).includes(v), `one of ${SIGMA_STEP_RULE_IDS.join(', ')}`],
  ['alphaSigmaDecay', isStepDecay, 'null or { tau > 0, power in (0, 1] }'],
  ['nTraj', (v) => isWhole(v, 1), 'a whole number >= 1'],
  ['evalEvery', (v) => isWhole(v, 1), 'a whole number >= 1'],
  ['evalRollouts', (v) => isWhole(v, 1), 'a whole number >= 1'],
  ['knownFinalMoves', (v) => typeof v === 'boolean', 'true or false'],
  ['exactGradient', (v) => typeof v === 'boolean', 'true or false'],
  ['knownSigma', (v) => isNumber(v) && v > 0, 'a finite number > 0'],
];

/**
 * All problems with `settings` (empty when valid); each names the field and the value.
 * The environment and its options are checked against `registry`: unknown ids and option
 * names, option types, and the plugin's own checks (it is built once to find out).
 */
export function validateRunSettings(settings: RunSettings, registry: EnvironmentRegistry = createBuiltInRegistry()): SettingProblem[] {
  const problems: SettingProblem[] = [];
  const seen = new Set<string>();
  if (!registry.ids().includes(settings.env)) {
    problems.push({ field: 'env', value: settings.env, expected: `one of ${registry.ids().join(', ')}` });
  } else {
    const checked = checkEnvironmentOptions(registry, settings.env, settings.envOptions);
    problems.push(...checked.problems);
    if (settings.objective === 'eq10' && settings.tRef === null && checked.environment !== undefined && !Number.isFinite(checked.environment.horizon)) {
      problems.push({ field: 'tRef', value: null, expected: `a number or 'realised' for eq10 on ${settings.env}, which has no fixed horizon (MATH.md 3.5)` });
      seen.add('tRef');
    }
    if (settings.exactGradient === true && checked.environment !== undefined && checked.environment.model === undefined) {
      problems.push({ field: 'exactGradient', value: true, expected: `false: environment ${settings.env} exposes no tabular model` });
      seen.add('exactGradient');
    }
    if (settings.knownFinalMoves === true && checked.environment !== undefined && checked.environment.model === undefined) {
      problems.push({ field: 'knownFinalMoves', value: true, expected: `false: environment ${settings.env} exposes no tabular model` });
      seen.add('knownFinalMoves');
    }
  }
  for (const [field, ok, expected] of CHECKS) {
    if (seen.has(field)) continue;
    if (!ok(settings[field], settings)) {
      problems.push({ field, value: settings[field], expected });
      seen.add(field);
    }
  }
  if (problems.length === 0) problems.push(...overflowProblems(settings));
  return problems;
}

/** Largest size a soft-max score or a cost term may reach before the arithmetic loses it (well inside the double range). */
const SAFE_MAGNITUDE = 1e150;

/**
 * Settings each valid alone whose sizes together overflow the arithmetic of training, named
 * before it starts: the memory cost and its gradient, lambda KL(sigma) and lambda KL'(sigma) at
 * the sigma bounds (MATH.md 1), and the soft-max scores beta sigma zeta (|zeta| up to 10).
 */
function overflowProblems(s: RunSettings): SettingProblem[] {
  const problems: SettingProblem[] = [];
  for (const sigma of [s.sigmaMin, s.sigmaMax]) {
    const ratio = sigma / s.sigmaBase;
    const cost = s.lambda * (Math.abs(Math.log(ratio)) + 0.5 * ratio * ratio);
    const slope = s.lambda * (sigma / (s.sigmaBase * s.sigmaBase) + 1 / sigma);
    if (!(cost < SAFE_MAGNITUDE && slope < SAFE_MAGNITUDE)) {
      problems.push({
        field: 'lambda',
        value: s.lambda,
        expected: `small enough for the memory cost to stay finite: lambda ${s.lambda} with sigmaBase ${s.sigmaBase} makes lambda KL(sigma) or its gradient overflow at sigma = ${sigma}`,
      });
      break;
    }
  }
  if (!(s.beta * s.sigmaMax * 10 < SAFE_MAGNITUDE)) {
    problems.push({ field: 'beta', value: s.beta, expected: `small enough for the soft-max scores to stay finite: beta ${s.beta} with sigmaMax ${s.sigmaMax} makes beta sigma zeta overflow` });
  }
  return problems;
}

/** Problems with an environment's options; when there are none, the environment they build. */
function checkEnvironmentOptions(registry: EnvironmentRegistry, env: string, options: unknown): { problems: SettingProblem[]; environment?: Environment } {
  if (!isRecord(options)) return { problems: [{ field: 'envOptions', value: options, expected: 'an object of environment options' }] };
  const plugin = registry.get(env);
  const problems: SettingProblem[] = [];
  for (const [name, value] of Object.entries(options)) {
    const spec = plugin.options[name];
    const field = `envOptions.${name}`;
    if (!spec) {
      const known = Object.keys(plugin.options);
      problems.push({ field, value, expected: `an option of ${env} (its options: ${known.join(', ') || 'none'})` });
    } else if (!(value === null && spec.default === null) && !matchesType(spec.type, value)) {
      problems.push({ field, value, expected: spec.type === 'boolean' ? 'true or false' : `${spec.type === 'integer' ? 'a whole number' : 'a finite number'}${spec.default === null ? ', or null' : ''}` });
    }
  }
  if (problems.length > 0) return { problems };
  try {
    return { problems, environment: registry.create(env, withoutNulls(options as Record<string, EnvironmentOptionValue>)) };
  } catch (error) {
    if (!(error instanceof RangeError || error instanceof TypeError)) throw error;
    // Plugins name the option they reject ("depth must be ..., got 0"); attribute it when they do.
    const named = /^(\w+) must be (.*), got .*$/.exec(error.message);
    if (named && named[1]! in plugin.options) {
      problems.push({ field: `envOptions.${named[1]}`, value: (options as Record<string, unknown>)[named[1]!], expected: named[2]! });
    } else {
      problems.push({ field: 'envOptions', value: options, expected: `options environment ${env} accepts (${error.message})` });
    }
  }
  return { problems };
}

function matchesType(type: 'integer' | 'number' | 'boolean', value: unknown): boolean {
  if (type === 'boolean') return typeof value === 'boolean';
  if (type === 'integer') return isWhole(value, Number.MIN_SAFE_INTEGER);
  return isNumber(value);
}

/** Options to pass to a plugin: null means "use the plugin's default". */
export function withoutNulls(options: Record<string, EnvironmentOptionValue>): Record<string, number | boolean> {
  const out: Record<string, number | boolean> = {};
  for (const [name, value] of Object.entries(options)) if (value !== null) out[name] = value;
  return out;
}

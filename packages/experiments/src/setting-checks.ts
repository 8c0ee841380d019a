import { assertSettings, SETTING_SPECS, settingMessage, settingType as t, showPlain, type SettingCheck } from '@dra/agent';
import { BadInputError } from '@dra/core';
import type { TimePressureSettings } from './time-pressure/gradient-time-pressure.js';
import type { TreeSearchSettings } from './time-pressure/tree-search-time-pressure.js';

/*
 * The settings of the time-pressure models, checked with the settings table of @dra/agent:
 * the settings they share with a training run take its specs (`SETTING_SPECS`), their own
 * are declared here in the same terms. Messages: "<name> must be <expected>, got <value>".
 */

const wholeFrom = (min: number): SettingCheck => ({ type: t.integer({ gte: min }) });
const positive: SettingCheck = { type: t.number({ gt: 0 }) };
const nonNegative: SettingCheck = { type: t.number({ gte: 0 }) };
/** The upper clip of sigma: > 0, and >= sigmaMin once both are valid. */
const sigmaMax: SettingCheck = { type: t.number({ gt: 0 }), relations: [{ kind: 'atLeast', other: 'sigmaMin' }] };
/** A Robbins-Monro step decay of the time-pressure runs (any power > 0), or null. */
const stepDecay: SettingCheck = { type: t.union(t.nullValue(), t.record({ tau: t.number({ gt: 0 }), power: t.number({ gt: 0 }) })) };

/** The gradient learner's settings (`TimePressureSettings`). */
export const TIME_PRESSURE_CHECKS: Readonly<Record<keyof TimePressureSettings, SettingCheck>> = {
  depth: wholeFrom(1),
  budget: wholeFrom(1),
  allocation: { type: t.oneOf(['flexible', 'equal']) },
  trials: wholeFrom(0),
  seed: SETTING_SPECS.seed,
  lambda: SETTING_SPECS.lambda,
  beta: SETTING_SPECS.beta,
  sigma0: SETTING_SPECS.sigma0,
  sigmaBase: SETTING_SPECS.sigmaBase,
  sigmaMin: SETTING_SPECS.sigmaMin,
  sigmaMax,
  gamma: SETTING_SPECS.gamma,
  alphaQ: positive,
  alphaSigma: SETTING_SPECS.alphaSigma,
  alphaSigmaDecay: stepDecay,
  flexibleFromEqual: stepDecay,
  nTraj: SETTING_SPECS.nTraj,
  evalTrials: wholeFrom(1),
  knownSigma: SETTING_SPECS.knownSigma,
  baseline: { type: t.oneOf(['none', 'leave-one-out']) },
};

/** The gradient-free allocator's settings (`TreeSearchSettings`). */
export const TREE_SEARCH_CHECKS: Readonly<Record<keyof TreeSearchSettings, SettingCheck>> = {
  depth: wholeFrom(1),
  lambda: SETTING_SPECS.lambda,
  sigmaBase: SETTING_SPECS.sigmaBase,
  knownSigma: SETTING_SPECS.knownSigma,
  sigmaMin: SETTING_SPECS.sigmaMin,
  sigmaMax,
  trialsPerEvaluation: wholeFrom(1),
  restarts: wholeFrom(1),
  evaluations: wholeFrom(1),
  initialMean: { type: t.number() },
  initialSpread: nonNegative,
  initialStep: positive,
  tolFun: nonNegative,
  equalGridPoints: wholeFrom(2),
  freshTrials: wholeFrom(2),
};

/** Throws a bad-input error naming the first setting of the gradient learner that is out of its range. */
export function assertTimePressureSettings(s: TimePressureSettings): void {
  // Settings saved before the decays existed have neither: none.
  assertSettings(TIME_PRESSURE_CHECKS, { ...s, alphaSigmaDecay: s.alphaSigmaDecay ?? null, flexibleFromEqual: s.flexibleFromEqual ?? null }, showPlain);
  if (s.baseline === 'leave-one-out' && s.nTraj < 2) throw new BadInputError(settingMessage('nTraj', '>= 2 with the leave-one-out baseline', s.nTraj, showPlain));
}

/** Throws a bad-input error naming the first setting of the gradient-free allocator that is out of its range. */
export function assertTreeSearchSettings(s: TreeSearchSettings): void {
  assertSettings(TREE_SEARCH_CHECKS, s, showPlain);
}

import { SIGMA_STEP_RULE_IDS } from '@dra/core';
import { defaultEstimatorFor, ESTIMATOR_IDS, OBJECTIVE_IDS, PAPER_ESTIMATOR_IDS, UNBIASED_ESTIMATOR_IDS } from '@dra/objectives';
import { parseBetaSchedule, parseQInit, parseStepDecay, parseTRef } from './flag-text.js';
import { setting, type ObjectiveRule, type ValuesOf } from './setting-spec.js';
import { boolean, integer, literal, nullValue, number, oneOf, orderedPair, record, ref, union } from './setting-types.js';

/** The paper's estimators 'A', 'Q', 'R' go with DRA only; the unbiased ones with any objective (docs/math.md 3.4). */
export const DRA_ONLY_ESTIMATORS: ObjectiveRule = {
  values: PAPER_ESTIMATOR_IDS,
  objectives: ['dra'],
  owner: 'DRA',
  otherValues: UNBIASED_ESTIMATOR_IDS,
  otherwise: 'an unbiased estimator',
  allObjectives: OBJECTIVE_IDS,
};

const positive = () => number({ gt: 0 });
const atLeastOne = () => integer({ gte: 1 });

/**
 * Every setting of a training run but the environment and its options, declared once: its
 * type and range, the agent's default, a one-line description, its flag, and which
 * objectives it applies to. The key order is the order of the saved `config.json`.
 */
export const SETTING_SPECS = {
  objective: setting({
    type: oneOf(OBJECTIVE_IDS, { dra: 'DRA (global cost)', eq8: 'Eq. 8 (cost per visit)', eq10: 'Eq. 10 (global cost + entropy)' }),
    default: 'dra',
    description: 'objective: dra (the paper), eq8 (cost per visit), eq10 (global cost + lambda/T_ref entropy)',
    flag: {},
  }),
  estimator: setting({
    type: oneOf(ESTIMATOR_IDS),
    default: 'A',
    description: `sigma-gradient estimator: ${ESTIMATOR_IDS.join(', ')} (${PAPER_ESTIMATOR_IDS.join(', ')}: DRA only; default for eq8 and eq10: ${defaultEstimatorFor('eq8', 'A')})`,
    flag: {},
    onlyWith: DRA_ONLY_ESTIMATORS,
    preset: true,
  }),
  tRef: setting({
    type: union(positive(), literal('realised'), nullValue('for the task horizon')),
    default: null,
    description: "Eq. 10's T_ref: a length, or realised for each episode's own length (default: the task's fixed horizon)",
    flag: { value: '<x|realised>', parse: parseTRef },
    objectives: ['eq10'],
  }),
  exactGradient: setting({
    type: boolean(),
    default: false,
    description: 'step sigma along the exact gradient (tabular tasks, docs/math.md 4) instead of N_traj rollouts',
    flag: { value: null },
  }),
  sigmaStep: setting({
    type: oneOf(SIGMA_STEP_RULE_IDS),
    default: 'constant',
    description: `sigma step rule: ${SIGMA_STEP_RULE_IDS.join(', ')} (default: constant, the paper's, for ${PAPER_ESTIMATOR_IDS.join(', ')}; adam for the unbiased estimators)`,
    flag: { value: '<rule>' },
  }),
  alphaSigmaDecay: setting({
    type: union(nullValue(), record({ tau: positive(), power: number({ gt: 0, lte: 1 }) })),
    default: null,
    description: 'Robbins-Monro decay alpha_e = alpha-sigma (1 + e / tau)^-power (power 1 unless given)',
    flag: { value: '<tau[,power]|none>', parse: parseStepDecay },
  }),
  episodes: setting({ type: atLeastOne(), default: 5000, description: 'training episodes', flag: {}, preset: true }),
  seed: setting({ type: integer({ gte: 0 }), default: 1, description: 'random seed', flag: {} }),
  lambda: setting({ type: number({ gte: 0 }), default: 0.1, description: 'memory-cost weight lambda', flag: {}, preset: true }),
  beta: setting({ type: positive(), default: 10, description: 'inverse temperature beta (with a schedule: at episode 0)', flag: {}, preset: true }),
  betaSchedule: setting({
    type: union(nullValue(), record({ growth: positive(), every: positive(), max: positive() })),
    default: null,
    description: 'beta_e = min(beta * g^(e / every), max), or none',
    flag: { value: '<g,every,max>', parse: parseBetaSchedule },
    preset: true,
  }),
  sigma0: setting({
    type: positive(),
    default: 3,
    description: 'initial sigma',
    flag: {},
    relations: [{ kind: 'within', low: 'sigmaMin', high: 'sigmaMax' }],
    preset: true,
  }),
  sigmaBase: setting({ type: positive(), default: 5, description: 'sigma of the base distribution', flag: {}, preset: true }),
  sigmaMin: setting({ type: positive(), default: 0.01, description: 'lower clip of sigma', flag: {}, preset: true }),
  sigmaMax: setting({ type: number({ gte: ref('sigmaMin') }), default: 100, description: 'upper clip of sigma', flag: {}, preset: true }),
  qInit: setting({
    type: union(number(), orderedPair('low', 'high')),
    default: 0,
    description: 'initial q: a constant, or uniform in [low, high]',
    flag: { value: '<x|low,high>', parse: parseQInit },
    preset: true,
  }),
  gamma: setting({ type: number({ gte: 0, lte: 1 }), default: 0.9, description: 'discount of the q update', flag: {}, preset: true }),
  alphaQ: setting({ type: number({ gt: 0, lte: 1 }), default: 0.1, description: 'learning rate of q', flag: {}, preset: true }),
  alphaSigma: setting({ type: positive(), default: 0.1, description: 'learning rate of sigma', flag: {}, preset: true }),
  nTraj: setting({ type: atLeastOne(), default: 10, description: 'gradient rollouts per sigma update', flag: {}, preset: true }),
  evalEvery: setting({ type: atLeastOne(), default: 100, description: 'evaluate after every n-th episode', flag: {}, preset: true }),
  evalRollouts: setting({ type: atLeastOne(), default: 100, description: 'rollouts per evaluation', flag: {}, preset: true }),
  knownFinalMoves: setting({
    type: boolean(),
    default: false,
    description: 'memories of moves that always end the episode are known exactly (tabular tasks)',
    flag: {},
    preset: true,
  }),
  knownSigma: setting({ type: positive(), default: 1, description: 'sigma of the memories known exactly', flag: {}, preset: true }),
};

/** The name of a run setting in the table. */
export type SettingName = keyof typeof SETTING_SPECS;

/** The table's setting names, in its order (the order of `config.json`). */
export const SETTING_NAMES = Object.keys(SETTING_SPECS) as SettingName[];

/** The values of every table setting, typed from the table. */
export type SettingValues = ValuesOf<typeof SETTING_SPECS>;

/** The agent's defaults of every table setting (environment presets override some). */
export function baseSettings(): SettingValues {
  return structuredClone(Object.fromEntries(SETTING_NAMES.map((name) => [name, SETTING_SPECS[name].default])) as SettingValues);
}

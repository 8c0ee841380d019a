import { MemoryTable, Rng, sigmaAscentStep, TrajectoryBuffer, type Environment } from '@dra/core';
import { createHuysTask } from '@dra/environments';
import { DraObjective } from '@dra/objectives';
import { SoftThompson } from '@dra/policies';
import { BudgetedPlanner } from './budgeted-planner.js';
import { choiceImportance, pearson, slope } from './choice-importance.js';
import { markKnownFinalMoves } from './experiment.js';
import { defaultSettings } from './run-settings.js';
import { expectedSarsaEpisode } from './expected-sarsa.js';
import { sampleMean as mean, standardError } from './sample-statistics.js';

/**
 * How precision is allocated: `flexible` learns one sigma per memory; `equal` learns one
 * sigma shared by every learned memory, stepped along the mean of the per-memory
 * gradients (the gradient of the shared sigma divided by the number of memories, so both
 * take steps of the same size per memory).
 */
export type Allocation = 'flexible' | 'equal';

/** Settings of one time-pressure run (TASKS.md 2 defaults in `TIME_PRESSURE_DEFAULTS`). */
export interface TimePressureSettings {
  depth: number;
  budget: number;
  allocation: Allocation;
  trials: number;
  seed: number;
  lambda: number;
  beta: number;
  sigma0: number;
  sigmaBase: number;
  sigmaMin: number;
  sigmaMax: number;
  gamma: number;
  alphaQ: number;
  alphaSigma: number;
  nTraj: number;
  /** Planning trials of the final evaluation. */
  evalTrials: number;
  knownSigma: number;
  /**
   * Baseline of the score-function estimator: 'none' weights each planning trial's score by
   * its best return (the paper's code); 'leave-one-out' by its best return minus the mean of
   * the other nTraj - 1 trials' (still unbiased, much less noisy; needs nTraj >= 2).
   */
  baseline: 'none' | 'leave-one-out';
}

const HUYS = defaultSettings('huys');

/** The paper's planning-task settings (TASKS.md 2, the huys plugin's preset); budget and allocation vary per run. */
export const TIME_PRESSURE_DEFAULTS: Readonly<Omit<TimePressureSettings, 'budget' | 'allocation'>> = Object.freeze({
  depth: HUYS.envOptions.depth as number,
  trials: HUYS.episodes,
  seed: HUYS.seed,
  lambda: HUYS.lambda,
  beta: HUYS.beta,
  sigma0: HUYS.sigma0,
  sigmaBase: HUYS.sigmaBase,
  sigmaMin: HUYS.sigmaMin,
  sigmaMax: HUYS.sigmaMax,
  gamma: HUYS.gamma,
  alphaQ: HUYS.alphaQ,
  alphaSigma: HUYS.alphaSigma,
  nTraj: HUYS.nTraj,
  evalTrials: HUYS.evalRollouts,
  knownSigma: HUYS.knownSigma,
  baseline: 'leave-one-out',
});

/** Flexible minus equal objective read off the poster, by budget (TASKS.md 2). */
export const POSTER_FLEXIBLE_MINUS_EQUAL: Readonly<Record<number, number>> = Object.freeze({
  3: 5, 6: 10.6, 9: 11, 12: 13.5, 15: 2.2, 18: 2, 21: -1.5, 24: -1.3,
});

/** One time-pressure run: its objective, return, cost, the learned choices' d' and the memory. */
export interface TimePressureResult {
  settings: TimePressureSettings;
  /** Mean best-path return of the evaluation trials minus lambda * KL of the learned memories. */
  objective: number;
  return: number;
  /** Standard error of `return` over the evaluation trials. */
  returnStandardError: number;
  memoryCost: number;
  /** Per learned state: reward difference of its two choices and the d' of their memories. */
  choices: { state: number; rewardDifference: number; dPrime: number; sigma: number }[];
  memory: MemoryTable;
}

/**
 * Trains the planning agent under a search budget. Every trial: one learning trial (soft
 * Thompson sampling, expected-SARSA update of q), then `nTraj` planning trials from random
 * starts whose best-path returns weight their summed scores, then the clipped sigma step of
 * (mean estimate - lambda KL'). The last move's memories are known exactly (q = reward,
 * sigma = knownSigma). Deterministic for a seed: learning, gradient and evaluation draw
 * from separate streams.
 */
export function trainUnderTimePressure(settings: TimePressureSettings): TimePressureResult {
  checkTimePressureSettings(settings);
  const environment: Environment = createHuysTask({ depth: settings.depth });
  const model = environment.model!;
  const memory = new MemoryTable(environment.actionCounts, { sigma: settings.sigma0 });
  markKnownFinalMoves(environment, memory, settings.knownSigma);
  const policy = new SoftThompson({ beta: settings.beta });
  const objective = new DraObjective({ lambda: settings.lambda, sigmaBase: settings.sigmaBase });
  const planner = new BudgetedPlanner(model, settings.budget);
  const root = Rng.create(settings.seed);
  const learningRng = root.stream('learning');
  const gradientRng = root.stream('gradient');
  const evaluationRng = root.stream('evaluation');
  const step = new TrajectoryBuffer(memory.maxActions, 1);
  const next = new Float64Array(memory.maxActions);
  const gradient = new Float64Array(memory.size);
  const known = memory.known;
  const returns = new Float64Array(settings.nTraj);
  const scores = Array.from({ length: settings.nTraj }, () => new Float64Array(memory.size));

  for (let trial = 0; trial < settings.trials; trial++) {
    expectedSarsaEpisode(environment, policy, memory, learningRng, settings.gamma, settings.alphaQ, step, next, known);
    let returnSum = 0;
    for (let n = 0; n < settings.nTraj; n++) {
      returns[n] = planner.plan(memory, policy, environment.reset(gradientRng), gradientRng);
      returnSum += returns[n]!;
      scores[n]!.fill(0);
      planner.addTrialScore(memory, policy, 1, scores[n]!);
    }
    gradient.fill(0);
    for (let n = 0; n < settings.nTraj; n++) {
      const baseline = settings.baseline === 'none' ? 0 : (returnSum - returns[n]!) / (settings.nTraj - 1);
      const weight = returns[n]! - baseline;
      const score = scores[n]!;
      for (let i = 0; i < score.length; i++) gradient[i]! += weight * score[i]!;
    }
    objective.finishGradient(memory, gradient, settings.nTraj);
    if (settings.allocation === 'equal') shareGradient(gradient, known);
    sigmaAscentStep(memory.sigma, gradient, settings.alphaSigma, settings.sigmaMin, settings.sigmaMax, known);
  }

  let sum = 0;
  let squares = 0;
  for (let n = 0; n < settings.evalTrials; n++) {
    const r = planner.plan(memory, policy, environment.reset(evaluationRng), evaluationRng);
    sum += r;
    squares += r * r;
  }
  const ret = sum / settings.evalTrials;
  const variance = Math.max(0, squares / settings.evalTrials - ret * ret) * (settings.evalTrials / Math.max(1, settings.evalTrials - 1));
  const memoryCost = objective.memoryCost(memory);
  return {
    settings: { ...settings },
    objective: ret - memoryCost,
    return: ret,
    returnStandardError: Math.sqrt(variance / settings.evalTrials),
    memoryCost,
    choices: choiceImportance(model, memory, settings.gamma).map(({ state, rewardDifference, dPrime, sigma }) => ({ state, rewardDifference, dPrime, sigma })),
    memory,
  };
}

/** Replaces every learned memory's gradient by their mean (the shared sigma's step, see `Allocation`). */
function shareGradient(gradient: Float64Array, known: Uint8Array): void {
  let total = 0;
  let count = 0;
  for (let i = 0; i < gradient.length; i++) {
    if (known[i] !== 0) continue;
    total += gradient[i]!;
    count++;
  }
  const mean = count > 0 ? total / count : 0;
  for (let i = 0; i < gradient.length; i++) if (known[i] === 0) gradient[i] = mean;
}

/** One budget of the flexible-versus-equal comparison, over seeds. */
export interface TimePressureRow {
  budget: number;
  /** Share of the whole tree's expansions (depth * 2^depth). */
  budgetFraction: number;
  flexible: number;
  equal: number;
  /** Mean over seeds of (flexible - equal), paired by seed, and its standard error. */
  difference: number;
  differenceStandardError: number;
  /** The poster's flexible - equal at this budget, when it has one (depth 3). */
  poster: number | null;
  /** Least-squares slope of d' on the reward difference of the choices, and their correlation, pooled over seeds. */
  dPrimeSlope: { flexible: number; equal: number };
  dPrimeCorrelation: { flexible: number; equal: number };
  /** Each seed's final objective with either allocation. */
  runs: { seed: number; flexible: number; equal: number }[];
  /** Every learned choice of every run at this budget: the points behind the d' slopes. */
  choices: { allocation: Allocation; seed: number; state: number; rewardDifference: number; dPrime: number }[];
}

/** Flexible against equal precision per budget over seeds, with the settings they share. */
export interface TimePressureComparison {
  settings: TimePressureBase & { seeds: number[]; budgets: number[] };
  rows: TimePressureRow[];
}

/** The settings shared by every run of a comparison. */
export type TimePressureBase = Omit<TimePressureSettings, 'budget' | 'allocation' | 'seed'>;

/** The budgets 3, 6, ..., up to every path of the tree (depth * 2^depth expansions). */
export function fullBudgets(depth: number): number[] {
  const out: number[] = [];
  for (let b = depth; b <= depth * 2 ** depth; b += depth) out.push(b);
  return out;
}

/**
 * Flexible against equal allocation at every budget, each trained for the same objective
 * from the same seeds (TASKS.md 2). Calls `onRun` after each of the 2 * budgets * seeds runs.
 */
export function compareUnderTimePressure(
  base: TimePressureBase,
  budgets: readonly number[],
  seeds: readonly number[],
  onRun?: (done: number, total: number) => void,
): TimePressureComparison {
  if (budgets.length === 0) throw new RangeError('budgets must list at least one budget');
  if (seeds.length === 0) throw new RangeError('seeds must list at least one seed');
  const total = budgets.length * seeds.length * 2;
  let done = 0;
  const rows = budgets.map((budget): TimePressureRow => {
    const runs: TimePressureRow['runs'] = [];
    const choices: TimePressureRow['choices'] = [];
    for (const seed of seeds) {
      const objectives = { flexible: 0, equal: 0 };
      for (const allocation of ['flexible', 'equal'] as const) {
        const result = trainUnderTimePressure({ ...base, budget, allocation, seed });
        onRun?.(++done, total);
        objectives[allocation] = result.objective;
        for (const c of result.choices) choices.push({ allocation, seed, state: c.state, rewardDifference: c.rewardDifference, dPrime: c.dPrime });
      }
      runs.push({ seed, ...objectives });
    }
    return summariseRow(base, budget, runs, choices);
  });
  return { settings: { ...base, seeds: [...seeds], budgets: [...budgets] }, rows };
}

/**
 * Joins comparisons of the same settings and budgets run on disjoint seeds (e.g. one per
 * seed, in parallel) into the comparison of all their seeds: the same numbers as
 * `compareUnderTimePressure` over the seeds in the order given.
 */
export function mergeTimePressureComparisons(parts: readonly TimePressureComparison[]): TimePressureComparison {
  if (parts.length === 0) throw new RangeError('nothing to merge: no comparisons given');
  const { seeds: _seeds, budgets, ...base } = parts[0]!.settings;
  const key = (p: TimePressureComparison) => JSON.stringify({ ...p.settings, seeds: null });
  for (const part of parts) if (key(part) !== key(parts[0]!)) throw new RangeError('comparisons to merge must share every setting and budget but the seeds');
  const seeds = parts.flatMap((p) => p.settings.seeds);
  if (new Set(seeds).size !== seeds.length) throw new RangeError(`comparisons to merge must have disjoint seeds, got ${seeds.join(',')}`);
  const rows = budgets.map((budget, i) =>
    summariseRow(
      base,
      budget,
      parts.flatMap((p) => p.rows[i]!.runs),
      parts.flatMap((p) => p.rows[i]!.choices),
    ),
  );
  return { settings: { ...base, seeds, budgets: [...budgets] }, rows };
}

function summariseRow(base: TimePressureBase, budget: number, runs: TimePressureRow['runs'], choices: TimePressureRow['choices']): TimePressureRow {
  const differences = runs.map((r) => r.flexible - r.equal);
  const d = mean(differences);
  const dPrime = (allocation: Allocation) => {
    const own = choices.filter((c) => c.allocation === allocation);
    const x = own.map((c) => c.rewardDifference);
    const y = own.map((c) => c.dPrime);
    return { slope: slope(x, y), correlation: pearson(x, y) };
  };
  const df = dPrime('flexible');
  const de = dPrime('equal');
  return {
    budget,
    budgetFraction: budget / (base.depth * 2 ** base.depth),
    flexible: mean(runs.map((r) => r.flexible)),
    equal: mean(runs.map((r) => r.equal)),
    difference: d,
    differenceStandardError: standardError(differences),
    poster: base.depth === 3 ? (POSTER_FLEXIBLE_MINUS_EQUAL[budget] ?? null) : null,
    dPrimeSlope: { flexible: df.slope, equal: de.slope },
    dPrimeCorrelation: { flexible: df.correlation, equal: de.correlation },
    runs,
    choices,
  };
}

function checkTimePressureSettings(s: TimePressureSettings): void {
  const whole = (name: keyof TimePressureSettings, min: number) => {
    const v = s[name];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new RangeError(`${name} must be a whole number >= ${min}, got ${String(v)}`);
  };
  const positive = (name: keyof TimePressureSettings) => {
    const v = s[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new RangeError(`${name} must be a finite number > 0, got ${String(v)}`);
  };
  whole('depth', 1);
  whole('budget', 1);
  whole('trials', 0);
  whole('seed', 0);
  whole('nTraj', 1);
  whole('evalTrials', 1);
  for (const name of ['beta', 'sigma0', 'sigmaBase', 'sigmaMin', 'sigmaMax', 'alphaQ', 'alphaSigma', 'knownSigma'] as const) positive(name);
  if (!(s.lambda >= 0 && Number.isFinite(s.lambda))) throw new RangeError(`lambda must be a finite number >= 0, got ${s.lambda}`);
  if (!(s.gamma >= 0 && s.gamma <= 1)) throw new RangeError(`gamma must be a number in [0, 1], got ${s.gamma}`);
  if (s.sigmaMax < s.sigmaMin) throw new RangeError(`sigmaMax must be >= sigmaMin, got ${s.sigmaMax} < ${s.sigmaMin}`);
  if (s.sigma0 < s.sigmaMin || s.sigma0 > s.sigmaMax) throw new RangeError(`sigma0 must lie within [sigmaMin, sigmaMax], got ${s.sigma0}`);
  if (s.baseline !== 'none' && s.baseline !== 'leave-one-out') throw new RangeError(`baseline must be none or leave-one-out, got ${String(s.baseline)}`);
  if (s.baseline === 'leave-one-out' && s.nTraj < 2) throw new RangeError(`nTraj must be >= 2 with the leave-one-out baseline, got ${s.nTraj}`);
  if (s.allocation !== 'flexible' && s.allocation !== 'equal') throw new RangeError(`allocation must be flexible or equal, got ${String(s.allocation)}`);
}

import { BadInputError, decayedStep, type Environment, MemoryTable, Rng, sigmaAscentStep, type StepDecay, TrajectoryBuffer } from '@dra/core';
import { createHuysTask } from '@dra/environments';
import { DraObjective } from '@dra/objectives';
import { SoftThompson } from '@dra/policies';
import { BudgetedPlanner } from './budgeted-planner.js';
import { choiceImportance } from '../choice-importance.js';
import { defaultSettings, expectedSarsaEpisode, markKnownFinalMoves } from '@dra/agent';
import { standardErrorOfSums } from '../sample-statistics.js';
import { assertTimePressureSettings } from '../setting-checks.js';
import { summariseRow, type AllocationOutcome, type TimePressureComparison, type TimePressureRow, type TimePressureRun } from './time-pressure.js';
import type { AllocationScheme } from './tree-search-allocator.js';

/**
 * Settings of one run of the gradient learner under time pressure (docs/tasks.md 2 defaults in
 * `TIME_PRESSURE_DEFAULTS`). `flexible` learns one sigma per memory; `equal` one sigma shared
 * by every learned memory, stepped along the mean of the per-memory gradients (so both take
 * steps of the same size per memory).
 */
export interface TimePressureSettings {
  depth: number;
  budget: number;
  allocation: AllocationScheme;
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
  /** Robbins-Monro decay of the sigma step of every run, alpha_t = alphaSigma (1 + t / tau)^-power over trials t, or null for the paper's constant step. */
  alphaSigmaDecay: StepDecay | null;
  /**
   * How the flexible arm is trained. null: from sigma0 like the equal arm, with the same step
   * (the paper's code). A decay: from the equal arm's final memory (its q and its shared sigma:
   * the equal optimum, itself a flexible allocation), for `trials` more trials with the
   * decaying step alpha_t = alphaSigma (1 + t / tau)^-power. The paper's constant step leaves
   * each of the 24 flexible sigmas jittering around its optimum (and below the cap of 100
   * where the optimum sits on it) on a noise floor 24 times wider in variance than the equal
   * arm's, whose one sigma steps along the mean of 24 gradients: at equal steps the flexible
   * arm loses to the equal arm it contains. Starting at the equal optimum with a step that
   * decays, the flexible arm can only gain what its gradient finds, and its floor shrinks.
   * Measured on seeds 1-3, all budgets, flexible - equal at 12 / 24: constant step from sigma0
   * -0.86 / -1.66; tau 2000 -0.01 / -0.10 (+- 0.02); tau 500 -0.03 +- 0.02 / -0.01 +- 0.01;
   * averaging the last half of the iterates instead -0.06 / -1.40 (the cap at 100 biases
   * the average, a decaying step does not).
   */
  flexibleFromEqual: StepDecay | null;
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

/** The paper's planning-task settings (docs/tasks.md 2, the huys plugin's preset); budget and allocation vary per run. */
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
  alphaSigmaDecay: null,
  flexibleFromEqual: { tau: 500, power: 1 },
  nTraj: HUYS.nTraj,
  evalTrials: HUYS.evalRollouts,
  knownSigma: HUYS.knownSigma,
  baseline: 'leave-one-out',
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
export function trainUnderTimePressure(settings: TimePressureSettings, start?: MemoryTable): TimePressureResult {
  checkTimePressureSettings(settings);
  const environment: Environment = createHuysTask({ depth: settings.depth });
  const model = environment.model!;
  const memory = new MemoryTable(environment.actionCounts, { sigma: settings.sigma0 });
  markKnownFinalMoves(environment, memory, settings.knownSigma);
  if (start !== undefined) {
    if (start.size !== memory.size) throw new BadInputError(`the start memory has ${start.size} memories, the task ${memory.size}`);
    memory.mean.set(start.mean);
    memory.sigma.set(start.sigma);
  }
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
    const alpha = decayedStep(settings.alphaSigma, settings.alphaSigmaDecay, trial);
    sigmaAscentStep(memory.sigma, gradient, alpha, settings.sigmaMin, settings.sigmaMax, known);
  }

  let sum = 0;
  let squares = 0;
  for (let n = 0; n < settings.evalTrials; n++) {
    const r = planner.plan(memory, policy, environment.reset(evaluationRng), evaluationRng);
    sum += r;
    squares += r * r;
  }
  const ret = sum / settings.evalTrials;
  const memoryCost = objective.memoryCost(memory);
  return {
    settings: { ...settings },
    objective: ret - memoryCost,
    return: ret,
    returnStandardError: standardErrorOfSums(sum, squares, settings.evalTrials),
    memoryCost,
    choices: choiceImportance(model, memory, settings.gamma).map(({ state, rewardDifference, dPrime, sigma }) => ({ state, rewardDifference, dPrime, sigma })),
    memory,
  };
}

/** Replaces every learned memory's gradient by their mean (the shared sigma's step, see `AllocationScheme`). */
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

/** The settings shared by every run of a gradient comparison. */
export type TimePressureBase = Omit<TimePressureSettings, 'budget' | 'allocation' | 'seed'>;

/**
 * The gradient learner's flexible against equal allocation at every budget, each trained for
 * the same objective from the same seeds (docs/tasks.md 2). Calls `onRun` after each of the
 * 2 * budgets * seeds runs.
 */
export function compareUnderTimePressure(
  base: TimePressureBase,
  budgets: readonly number[],
  seeds: readonly number[],
  onRun?: (done: number, total: number) => void,
): TimePressureComparison<TimePressureBase> {
  if (budgets.length === 0) throw new BadInputError('budgets must list at least one budget');
  if (seeds.length === 0) throw new BadInputError('seeds must list at least one seed');
  const total = budgets.length * seeds.length * 2;
  let done = 0;
  let memories: number[] = [];
  const rows = budgets.map((budget): TimePressureRow => {
    const runs: TimePressureRun[] = [];
    const choices: TimePressureRow['choices'] = [];
    for (const seed of seeds) {
      const outcomes = {} as Record<AllocationScheme, AllocationOutcome>;
      let equalMemory: MemoryTable | undefined;
      for (const allocation of ['equal', 'flexible'] as const) {
        const warm = allocation === 'flexible' && base.flexibleFromEqual !== null;
        const settings: TimePressureSettings = { ...base, budget, allocation, seed, ...(warm ? { alphaSigmaDecay: base.flexibleFromEqual } : {}) };
        const result = trainUnderTimePressure(settings, warm ? equalMemory : undefined);
        if (allocation === 'equal') equalMemory = result.memory;
        onRun?.(++done, total);
        memories = learnedMemories(result.memory);
        outcomes[allocation] = {
          objective: result.objective,
          objectiveStandardError: result.returnStandardError,
          return: result.return,
          memoryCost: result.memoryCost,
          sigma: memories.map((m) => result.memory.sigma[m]!),
          searchObjective: null,
        };
        for (const c of result.choices) choices.push({ allocation, seed, state: c.state, rewardDifference: c.rewardDifference, dPrime: c.dPrime });
      }
      const { flexible, equal } = outcomes;
      runs.push({ seed, flexible, equal, difference: flexible.objective - equal.objective, differenceStandardError: Math.hypot(flexible.objectiveStandardError, equal.objectiveStandardError), flexibleFrom: null });
    }
    return summariseRow(base.depth, budget, runs, choices);
  });
  return { model: 'gradient', settings: { ...base, seeds: [...seeds], budgets: [...budgets] }, memories, rows };
}

function learnedMemories(memory: MemoryTable): number[] {
  const out: number[] = [];
  for (let m = 0; m < memory.size; m++) if (memory.known[m] === 0) out.push(m);
  return out;
}

/** Throws a bad-input error naming the first setting out of its range (the checks: `TIME_PRESSURE_CHECKS`). */
function checkTimePressureSettings(s: TimePressureSettings): void {
  assertTimePressureSettings(s);
}

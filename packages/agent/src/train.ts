import { sigmaAscentStep, TrajectoryBuffer, type BetaSchedule, type Environment, type MemoryTable, type Policy, type Rng } from '@dra/core';
import { scheduledBeta } from './beta-schedule.js';
import { EpisodeStatistics, evaluateExactly, type Objective, type ObjectiveValue } from '@dra/objectives';
import { evaluateByRollouts } from './evaluate.js';
import { expectedSarsaEpisode } from './expected-sarsa.js';
import { rollout } from './rollout.js';

/** One evaluation of the learning curve. */
export interface CurvePoint extends ObjectiveValue {
  /** 0-based training episode after whose updates the evaluation ran. */
  episode: number;
}

/** Environment steps simulated, by phase. */
export interface StepCounts {
  learning: number;
  gradient: number;
  evaluation: number;
  total: number;
}

export type ProgressEvent =
  | { type: 'episode'; episode: number; episodes: number; steps: number }
  | { type: 'evaluation'; point: CurvePoint; episodes: number };

/** The numeric settings of the training loop (shared by `train` and the plain `RunSettings`). */
export interface TrainingLoopSettings {
  episodes: number;
  gamma: number;
  alphaQ: number;
  alphaSigma: number;
  /** Gradient rollouts per sigma update (N_traj). */
  nTraj: number;
  /** Evaluate after episodes 0, evalEvery, 2 evalEvery, ... */
  evalEvery: number;
  evalRollouts: number;
  sigmaMin: number;
  sigmaMax: number;
}

export interface TrainOptions extends TrainingLoopSettings {
  environment: Environment;
  policy: Policy;
  objective: Objective;
  /** Memories to train in place; those flagged in `memory.known` stay as they are. */
  memory: MemoryTable;
  /** Root generator; the run draws from its streams 'learning', 'gradient' and 'evaluation'. */
  rng: Rng;
  /** Growth of the inverse temperature from the policy's beta at the start (TASKS.md 3). */
  betaSchedule?: BetaSchedule | null;
  /**
   * Step sigma along the exact gradient of the objective (MATH.md 4.3, needs the
   * environment's tabular model and soft Thompson sampling) instead of N_traj rollouts.
   */
  exactGradient?: boolean;
  onProgress?: (event: ProgressEvent) => void;
}

export interface TrainResult {
  memory: MemoryTable;
  curve: CurvePoint[];
  /** Mean of the last three evaluations (as the paper's code reports). */
  final: ObjectiveValue;
  steps: StepCounts;
  /** Wall time of the training loop. */
  seconds: number;
}

/**
 * The paper's training loop. For every episode e:
 *   1. a learning episode (soft Thompson sampling, expected-SARSA update of q);
 *   2. N_traj gradient rollouts with the memories fixed, each adding its estimate, then
 *      sigma <- clip(sigma + alpha_sigma * (mean estimate - lambda KL'(sigma)), sigmaMin, sigmaMax);
 *   3. if e % evalEvery == 0, an evaluation from evalRollouts rollouts.
 * With a beta schedule, the policy's beta is set to beta_e before episode e. With
 * `exactGradient`, step 2 uses the exact gradient and runs no rollouts.
 * Deterministic for a given root generator. The learning, gradient and evaluation phases
 * use separate streams, so changing how often one evaluates leaves training unchanged.
 */
export function train(options: TrainOptions): TrainResult {
  const { environment, policy, objective, memory, episodes, nTraj, evalEvery, onProgress } = options;
  const known = memory.known;
  const beta0 = policy.beta;
  const model = options.exactGradient ? environment.model : undefined;
  if (options.exactGradient && (model === undefined || policy.id !== 'soft-thompson')) {
    throw new RangeError(`exactGradient needs a tabular model and soft Thompson sampling; environment ${environment.id} with policy ${policy.id} does not qualify`);
  }
  const learningRng = options.rng.stream('learning');
  const gradientRng = options.rng.stream('gradient');
  const evaluationRng = options.rng.stream('evaluation');
  const stepBuffer = new TrajectoryBuffer(memory.maxActions, 1);
  const buffer = new TrajectoryBuffer(memory.maxActions, 1024);
  const nextProbabilities = new Float64Array(memory.maxActions);
  const gradient = new Float64Array(memory.size);
  const statistics = new EpisodeStatistics();
  const curve: CurvePoint[] = [];
  const steps: StepCounts = { learning: 0, gradient: 0, evaluation: 0, total: 0 };

  const started = performance.now();
  for (let episode = 0; episode < episodes; episode++) {
    environment.setEpisode?.(episode);
    if (options.betaSchedule) policy.beta = scheduledBeta(beta0, options.betaSchedule, episode);
    steps.learning += expectedSarsaEpisode(
      environment, policy, memory, learningRng, options.gamma, options.alphaQ, stepBuffer, nextProbabilities, known,
    );

    if (model !== undefined) {
      const { id, lambda, sigmaBase, tRef } = objective;
      gradient.set(evaluateExactly(model, memory, { objective: id, beta: policy.beta, lambda, sigmaBase, ...(tRef === undefined ? {} : { tRef }) }).gradient);
    } else {
      gradient.fill(0);
      for (let n = 0; n < nTraj; n++) {
        steps.gradient += rollout(environment, policy, memory, gradientRng, buffer);
        objective.accumulateEpisode(buffer, memory, policy, gradient);
      }
      objective.finishGradient(memory, gradient, nTraj);
    }
    sigmaAscentStep(memory.sigma, gradient, options.alphaSigma, options.sigmaMin, options.sigmaMax, known);

    if (episode % evalEvery === 0) {
      const value = evaluateByRollouts(
        environment, policy, memory, objective, evaluationRng, options.evalRollouts, buffer, statistics,
      );
      steps.evaluation += statistics.steps;
      const point: CurvePoint = { episode, ...value };
      curve.push(point);
      onProgress?.({ type: 'evaluation', point, episodes });
    }
    onProgress?.({ type: 'episode', episode, episodes, steps: steps.learning + steps.gradient + steps.evaluation });
  }
  const seconds = (performance.now() - started) / 1000;
  steps.total = steps.learning + steps.gradient + steps.evaluation;
  return { memory, curve, final: meanOfLast(curve, 3), steps, seconds };
}

/** Component-wise mean of the last `n` curve points (fewer if the curve is shorter). */
export function meanOfLast(curve: readonly CurvePoint[], n: number): ObjectiveValue {
  const tail = curve.slice(Math.max(0, curve.length - n));
  const mean = (pick: (p: CurvePoint) => number) => (tail.length ? tail.reduce((s, p) => s + pick(p), 0) / tail.length : NaN);
  return {
    objective: mean((p) => p.objective),
    return: mean((p) => p.return),
    memoryCost: mean((p) => p.memoryCost),
    actionEntropy: mean((p) => p.actionEntropy),
  };
}

import { BadInputError, type BetaSchedule, decayedStep, type Environment, type MemoryRows, MemoryTable, type Policy, Rng, type RngState, SigmaStepper, type SigmaStepRuleId, type SigmaStepState, type StepDecay, TrajectoryBuffer } from '@dra/core';
import { scheduledBeta } from './beta-schedule.js';
import { EpisodeStatistics, evaluateExactly, type EstimatorState, type Objective, type ObjectiveValue } from '@dra/objectives';
import { evaluateByRollouts } from './evaluate.js';
import { expectedSarsaEpisode } from './expected-sarsa.js';
import { TabularEpisodeKernel } from './tabular-episode-kernel.js';
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

/** Progress of a training run: after every episode, and after every evaluation with its curve point. */
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
  /** How the sigma gradient becomes a step (`SigmaStepper`); default 'constant', the paper's rule. */
  sigmaStep?: SigmaStepRuleId;
  /** Robbins-Monro decay of alphaSigma over the episodes (`decayedStep`); default none. */
  alphaSigmaDecay?: StepDecay | null;
  /**
   * Step sigma along the exact gradient of the objective (MATH.md 4.3, needs the
   * environment's tabular model and soft Thompson sampling) instead of N_traj rollouts.
   */
  exactGradient?: boolean;
  /**
   * Run the episodes in WebAssembly where they qualify: a `TabularEnvironment` with
   * `SoftThompson` (the gradient rollouts also need DRA with the 'A' or 'Q' estimator; see
   * the package README). Default true; false keeps everything in TypeScript. Both give the
   * same bits.
   */
  wasm?: boolean;
  /** Called after every episode and every evaluation. */
  onProgress?: (event: ProgressEvent) => void;
  /** Call `onCheckpoint` after every `checkpointEvery` episodes (not after the last). */
  checkpointEvery?: number;
  /** Receives the checkpoints (see `checkpointEvery`). */
  onCheckpoint?: (checkpoint: TrainingCheckpoint) => void;
  /**
   * Continue a run from a checkpoint of the same settings: the memory, the three random
   * streams, the curve and the step counts are restored, and training goes on from its
   * episode. The result is the same, bit for bit, as the run that never stopped.
   */
  resume?: TrainingCheckpoint;
}

/** Where a run stands after some episodes: everything `train` needs to continue it exactly. */
export interface TrainingCheckpoint {
  /** Episodes completed; training continues with this episode. */
  episode: number;
  memory: MemoryRows;
  rng: { learning: RngState; gradient: RngState; evaluation: RngState };
  curve: CurvePoint[];
  steps: StepCounts;
  /** The sigma step rule's running moments (absent for the constant rule). */
  sigmaStep?: SigmaStepState;
  /** What the gradient estimator learned so far (absent when it learns nothing). */
  estimator?: EstimatorState;
}

/**
 * Where a run's episodes were computed: the learning and evaluation episodes, and the
 * sigma gradient ('exact' with `exactGradient`). Either way the results are the same bits.
 */
export interface KernelPlacement {
  episodes: 'wasm' | 'typescript';
  gradient: 'wasm' | 'typescript' | 'exact';
}

/** What `train` returns: the trained memory, the curve, the final values, step counts and wall time. */
export interface TrainResult {
  memory: MemoryTable;
  curve: CurvePoint[];
  /** Mean of the last three evaluations (as the paper's code reports). */
  final: ObjectiveValue;
  steps: StepCounts;
  /** Wall time of the training loop. */
  seconds: number;
  /** Where the episodes ran. */
  kernel: KernelPlacement;
}

/**
 * The paper's training loop. For every episode e:
 *   1. a learning episode (soft Thompson sampling, expected-SARSA update of q);
 *   2. N_traj gradient rollouts with the memories fixed, each adding its estimate, then
 *      sigma <- clip(sigma + alpha_sigma * (mean estimate - lambda KL'(sigma)), sigmaMin, sigmaMax)
 *      (the paper's constant rule; `sigmaStep` and `alphaSigmaDecay` choose others, see `SigmaStepper`);
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
    throw new BadInputError(`exactGradient needs a tabular model and soft Thompson sampling; environment ${environment.id} with policy ${policy.id} does not qualify`);
  }
  const resume = options.resume;
  if (resume !== undefined) restoreMemory(memory, resume, episodes);
  const learningRng = resume ? Rng.fromState(resume.rng.learning) : options.rng.stream('learning');
  const gradientRng = resume ? Rng.fromState(resume.rng.gradient) : options.rng.stream('gradient');
  const evaluationRng = resume ? Rng.fromState(resume.rng.evaluation) : options.rng.stream('evaluation');
  const checkpointEvery = options.onCheckpoint ? (options.checkpointEvery ?? 0) : 0;
  if (!Number.isSafeInteger(checkpointEvery) || checkpointEvery < 0) throw new BadInputError(`checkpointEvery must be a whole number >= 0, got ${checkpointEvery}`);
  const stepBuffer = new TrajectoryBuffer(memory.maxActions, 1);
  const buffer = new TrajectoryBuffer(memory.maxActions, 1024);
  const nextProbabilities = new Float64Array(memory.maxActions);
  const gradient = new Float64Array(memory.size);
  const statistics = new EpisodeStatistics();
  const stepper = new SigmaStepper(options.sigmaStep ?? 'constant', memory.size);
  if (resume?.sigmaStep !== undefined) stepper.restoreState(resume.sigmaStep);
  const estimator = objective.estimator;
  if (resume?.estimator !== undefined) estimator.restoreState?.(resume.estimator);
  const kernel = options.wasm !== false ? TabularEpisodeKernel.create(environment, policy, memory) : null;
  const estimatorCode = kernel !== null && model === undefined ? TabularEpisodeKernel.gradientEstimator(objective) : -1;
  const curve: CurvePoint[] = resume ? resume.curve.map((p) => ({ ...p })) : [];
  const steps: StepCounts = resume ? { ...resume.steps } : { learning: 0, gradient: 0, evaluation: 0, total: 0 };

  const started = performance.now();
  for (let episode = resume?.episode ?? 0; episode < episodes; episode++) {
    environment.setEpisode?.(episode);
    if (options.betaSchedule) policy.beta = scheduledBeta(beta0, options.betaSchedule, episode);
    steps.learning += kernel !== null
      ? kernel.learningEpisode(memory, learningRng, policy.beta, options.gamma, options.alphaQ)
      : expectedSarsaEpisode(environment, policy, memory, learningRng, options.gamma, options.alphaQ, stepBuffer, nextProbabilities, known);

    if (model !== undefined) {
      const { id, lambda, sigmaBase, tRef } = objective;
      gradient.set(evaluateExactly(model, memory, { objective: id, beta: policy.beta, lambda, sigmaBase, ...(tRef === undefined ? {} : { tRef }) }).gradient);
    } else if (estimatorCode >= 0) {
      steps.gradient += kernel!.gradientRollouts(memory, gradientRng, policy.beta, nTraj, estimatorCode, gradient);
      objective.finishGradient(memory, gradient, nTraj);
    } else {
      gradient.fill(0);
      for (let n = 0; n < nTraj; n++) {
        steps.gradient += rollout(environment, policy, memory, gradientRng, buffer);
        objective.accumulateEpisode(buffer, memory, policy, gradient, gradientRng);
      }
      objective.finishGradient(memory, gradient, nTraj);
    }
    stepper.step(memory.sigma, gradient, decayedStep(options.alphaSigma, options.alphaSigmaDecay, episode), options.sigmaMin, options.sigmaMax, known);

    if (episode % evalEvery === 0) {
      let value: ObjectiveValue;
      if (kernel !== null) {
        kernel.evaluationRollouts(memory, evaluationRng, policy.beta, options.evalRollouts, statistics);
        value = objective.value(statistics, memory);
      } else {
        value = evaluateByRollouts(environment, policy, memory, objective, evaluationRng, options.evalRollouts, buffer, statistics);
      }
      steps.evaluation += statistics.steps;
      const point: CurvePoint = { episode, ...value };
      curve.push(point);
      onProgress?.({ type: 'evaluation', point, episodes });
    }
    onProgress?.({ type: 'episode', episode, episodes, steps: steps.learning + steps.gradient + steps.evaluation });
    if (checkpointEvery > 0 && (episode + 1) % checkpointEvery === 0 && episode + 1 < episodes) {
      options.onCheckpoint!({
        episode: episode + 1,
        memory: memory.toRows(),
        rng: { learning: learningRng.state(), gradient: gradientRng.state(), evaluation: evaluationRng.state() },
        curve: curve.map((p) => ({ ...p })),
        steps: { ...steps, total: steps.learning + steps.gradient + steps.evaluation },
        ...(stepper.rule === 'constant' ? {} : { sigmaStep: stepper.saveState() }),
        ...(estimator.saveState === undefined ? {} : { estimator: estimator.saveState() }),
      });
    }
  }
  const seconds = (performance.now() - started) / 1000;
  steps.total = steps.learning + steps.gradient + steps.evaluation;
  const where: KernelPlacement = {
    episodes: kernel !== null ? 'wasm' : 'typescript',
    gradient: model !== undefined ? 'exact' : estimatorCode >= 0 ? 'wasm' : 'typescript',
  };
  return { memory, curve, final: meanOfLast(curve, 3), steps, seconds, kernel: where };
}

/** Puts a checkpoint's memories into `memory`, which must have the same layout. */
function restoreMemory(memory: MemoryTable, checkpoint: TrainingCheckpoint, episodes: number): void {
  if (!Number.isSafeInteger(checkpoint.episode) || checkpoint.episode < 0 || checkpoint.episode > episodes) {
    throw new BadInputError(`checkpoint episode must be a whole number from 0 to ${episodes}, got ${checkpoint.episode}`);
  }
  const saved = MemoryTable.fromRows(checkpoint.memory);
  if (saved.stateCount !== memory.stateCount || saved.size !== memory.size) {
    throw new BadInputError(`checkpoint memory has ${saved.stateCount} states and ${saved.size} memories, the run ${memory.stateCount} and ${memory.size}`);
  }
  for (let s = 0; s <= memory.stateCount; s++) {
    if (saved.actionStart[s] !== memory.actionStart[s]) throw new BadInputError(`checkpoint memory: state ${s} has another number of actions than the run's`);
  }
  memory.mean.set(saved.mean);
  memory.sigma.set(saved.sigma);
  memory.known.set(saved.known);
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

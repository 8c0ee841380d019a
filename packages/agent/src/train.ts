import { BadInputError, type BetaSchedule, decayedStep, type Environment, type MemoryRows, MemoryTable, type Policy, Rng, type RngState, SigmaStepper, type SigmaStepRuleId, type SigmaStepState, type StepDecay } from '@dra/core';
import type { EstimatorState, Objective, ObjectiveValue } from '@dra/objectives';
import { scheduledBeta } from './beta-schedule.js';
import type { TrainingPath } from './training-path.js';
import { chooseTrainingPath, trainingPhases } from './training-phases.js';

/** One evaluation of the learning curve. */
export interface CurvePoint extends ObjectiveValue {
  /** 0-based training episode after whose updates the evaluation ran. */
  episode: number;
}

/**
 * The memory after the last episode, evaluated from evalRollouts rollouts. When the curve's last
 * point already follows the last episode, it is that point (`extra` false); otherwise one more
 * evaluation runs after the training loop (`extra` true; its `extraSteps` are not in
 * `StepCounts`, so the paper's workload counts stay as they are).
 */
export interface LastEvaluation extends CurvePoint {
  /** True when this evaluation ran after the training loop, beyond the curve. */
  extra: boolean;
  /** Rollouts averaged (evalRollouts). */
  rollouts: number;
  /** Environment steps of the extra evaluation (0 when `extra` is false). */
  extraSteps: number;
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
  /** Growth of the inverse temperature from the policy's beta at the start (docs/tasks.md 3). */
  betaSchedule?: BetaSchedule | null;
  /** How the sigma gradient becomes a step (`SigmaStepper`); default 'constant', the paper's rule. */
  sigmaStep?: SigmaStepRuleId;
  /** Robbins-Monro decay of alphaSigma over the episodes (`decayedStep`); default none. */
  alphaSigmaDecay?: StepDecay | null;
  /**
   * Step sigma along the exact gradient of the objective (docs/math.md 4.3, needs the
   * environment's tabular model and soft Thompson sampling) instead of N_traj rollouts.
   */
  exactGradient?: boolean;
  /**
   * Run the episodes in WebAssembly where they qualify: an environment that declares a
   * `kernelModel` (`TabularEnvironment` does) or `kernelDynamics` (`MountainCar` does) with a policy that declares the 'soft-thompson'
   * kernel (`SoftThompson` does); the gradient rollouts also need an objective that declares
   * a kernel estimator (DRA with 'A', 'Q', 'R'; DRA, Eq. 8 and Eq. 10 with 'causal' or 'full'). See `trainingPath` and the
   * package README. Default true; false keeps everything in TypeScript. Both give the same bits.
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
  /** Mean of the last three evaluations (as the paper's code reports; `finalEpisodes` says which). */
  final: ObjectiveValue;
  /** The episodes of the evaluations `final` averaged (with evalEvery 100 and 300 episodes: 0, 100, 200). */
  finalEpisodes: number[];
  /**
   * The memory after the last episode, evaluated (see `LastEvaluation`): at most evalRollouts
   * extra rollouts after training, counted in neither `steps` nor `seconds`.
   */
  last: LastEvaluation;
  /** Environment steps of the training loop (not counting `last`'s extra rollouts). */
  steps: StepCounts;
  /** Wall time of the training loop (of its resumed part when resumed). */
  seconds: number;
  /** Where a resumed run took up training: the checkpoint's episode and step counts; null when not resumed. */
  resumedFrom: { episode: number; steps: StepCounts } | null;
  /** Where the episodes ran. */
  kernel: KernelPlacement;
  /** The path chosen once at the start, with its reasons (see `trainingPath`). */
  path: TrainingPath;
}

/**
 * The paper's training loop. For every episode e:
 *   1. a learning episode (soft Thompson sampling, expected-SARSA update of q);
 *   2. N_traj gradient rollouts with the memories fixed, each adding its estimate, then
 *      sigma <- clip(sigma + alpha_sigma * (mean estimate - lambda KL'(sigma)), sigmaMin, sigmaMax)
 *      (the paper's constant rule; `sigmaStep` and `alphaSigmaDecay` choose others, see `SigmaStepper`);
 *   3. if e % evalEvery == 0, an evaluation from evalRollouts rollouts.
 * With a beta schedule, the policy's beta is set to beta_e before episode e. With
 * `exactGradient`, step 2 uses the exact gradient of the objective's declared exact form and
 * runs no rollouts. Where each phase runs (WebAssembly or TypeScript) is chosen once, before the
 * first episode, from the declarations of the environment, policy and objective (`trainingPath`).
 * Deterministic for a given root generator. The learning, gradient and evaluation phases
 * use separate streams, so changing how often one evaluates leaves training unchanged.
 */
export function train(options: TrainOptions): TrainResult {
  const { environment, policy, objective, memory, episodes, evalEvery, onProgress } = options;
  checkExactGradient(options);
  const resume = options.resume;
  if (resume !== undefined) restoreMemory(memory, resume, episodes);
  const rng = {
    learning: resume ? Rng.fromState(resume.rng.learning) : options.rng.stream('learning'),
    gradient: resume ? Rng.fromState(resume.rng.gradient) : options.rng.stream('gradient'),
    evaluation: resume ? Rng.fromState(resume.rng.evaluation) : options.rng.stream('evaluation'),
  };
  const checkpointEvery = options.onCheckpoint ? (options.checkpointEvery ?? 0) : 0;
  if (!Number.isSafeInteger(checkpointEvery) || checkpointEvery < 0) throw new BadInputError(`checkpointEvery must be a whole number >= 0, got ${checkpointEvery}`);
  const stepper = new SigmaStepper(options.sigmaStep ?? 'constant', memory.size);
  if (resume?.sigmaStep !== undefined) stepper.restoreState(resume.sigmaStep);
  if (resume?.estimator !== undefined) objective.estimator.restoreState?.(resume.estimator);
  const chosen = chooseTrainingPath(environment, policy, objective, { memory, wasm: options.wasm, exactGradient: options.exactGradient });
  const phases = trainingPhases(options, chosen, rng);
  const curve: CurvePoint[] = resume ? resume.curve.map((p) => ({ ...p })) : [];
  const steps: StepCounts = resume ? { ...resume.steps } : { learning: 0, gradient: 0, evaluation: 0, total: 0 };
  const beta0 = policy.beta;

  const started = performance.now();
  for (let episode = resume?.episode ?? 0; episode < episodes; episode++) {
    environment.setEpisode?.(episode);
    if (options.betaSchedule) policy.beta = scheduledBeta(beta0, options.betaSchedule, episode);
    steps.learning += phases.learn();
    steps.gradient += phases.gradient();
    stepper.step(memory.sigma, phases.gradientSum, decayedStep(options.alphaSigma, options.alphaSigmaDecay, episode), options.sigmaMin, options.sigmaMax, memory.known);
    if (episode % evalEvery === 0) {
      const value = phases.evaluate();
      steps.evaluation += phases.statistics.steps;
      const point: CurvePoint = { episode, ...value };
      curve.push(point);
      onProgress?.({ type: 'evaluation', point, episodes });
    }
    onProgress?.({ type: 'episode', episode, episodes, steps: steps.learning + steps.gradient + steps.evaluation });
    if (checkpointEvery > 0 && (episode + 1) % checkpointEvery === 0 && episode + 1 < episodes) {
      options.onCheckpoint!(checkpointOf(episode + 1, memory, rng, curve, steps, stepper, objective));
    }
  }
  const seconds = (performance.now() - started) / 1000;
  steps.total = steps.learning + steps.gradient + steps.evaluation;
  const path = chosen.path;
  const where: KernelPlacement = {
    episodes: path.path === 'kernel' ? 'wasm' : 'typescript',
    gradient: path.gradient === 'kernel' ? 'wasm' : path.gradient,
  };
  const last = lastEvaluation(curve, episodes, options.evalRollouts, phases);
  const finalEpisodes = curve.slice(Math.max(0, curve.length - 3)).map((p) => p.episode);
  const resumedFrom = resume === undefined ? null : { episode: resume.episode, steps: { ...resume.steps } };
  return { memory, curve, final: meanOfLast(curve, 3), finalEpisodes, last, steps, seconds, resumedFrom, kernel: where, path };
}

/** The curve's last point when it follows the last episode; else one more evaluation (its own rollouts). */
function lastEvaluation(curve: readonly CurvePoint[], episodes: number, rollouts: number, phases: { evaluate(): ObjectiveValue; statistics: { steps: number } }): LastEvaluation {
  const lastPoint = curve.at(-1);
  if (lastPoint !== undefined && lastPoint.episode === episodes - 1) return { ...lastPoint, extra: false, rollouts, extraSteps: 0 };
  const value = phases.evaluate();
  return { episode: episodes - 1, ...value, extra: true, rollouts, extraSteps: phases.statistics.steps };
}

/** exactGradient needs a tabular model, soft Thompson sampling and an objective that declares an exact form. */
function checkExactGradient(options: TrainOptions): void {
  if (!options.exactGradient) return;
  const { environment, policy, objective } = options;
  if (environment.model === undefined || policy.id !== 'soft-thompson') {
    throw new BadInputError(`exactGradient needs a tabular model and soft Thompson sampling; environment ${environment.id} with policy ${policy.id} does not qualify`);
  }
  if ((objective.description?.exact ?? null) === null) throw new BadInputError(`exactGradient needs an objective with an exact form; objective ${objective.id} declares none (description.exact)`);
}

/** The run's three random streams. */
interface Streams {
  learning: Rng;
  gradient: Rng;
  evaluation: Rng;
}

/** The checkpoint after `episode` episodes. */
function checkpointOf(episode: number, memory: MemoryTable, rng: Streams, curve: CurvePoint[], steps: StepCounts, stepper: SigmaStepper, objective: Objective): TrainingCheckpoint {
  const estimator = objective.estimator;
  return {
    episode,
    memory: memory.toRows(),
    rng: { learning: rng.learning.state(), gradient: rng.gradient.state(), evaluation: rng.evaluation.state() },
    curve: curve.map((p) => ({ ...p })),
    steps: { ...steps, total: steps.learning + steps.gradient + steps.evaluation },
    ...(stepper.rule === 'constant' ? {} : { sigmaStep: stepper.saveState() }),
    ...(estimator.saveState === undefined ? {} : { estimator: estimator.saveState() }),
  };
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

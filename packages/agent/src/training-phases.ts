import { type Environment, type MemoryTable, type Policy, type Rng, TrajectoryBuffer } from '@dra/core';
import { EpisodeStatistics, ExactEvaluator, type Objective, type ObjectiveValue } from '@dra/objectives';
import { evaluateByRollouts } from './evaluate.js';
import { expectedSarsaEpisode } from './expected-sarsa.js';
import { rollout } from './rollout.js';
import type { TrainOptions } from './train.js';
import { trainingPath, type TrainingPath, type TrainingPathOptions } from './training-path.js';
import type { KernelGradient } from './kernel-gradient.js';
import { TabularEpisodeKernel } from './wasm-kernel-host.js';

/** The path of a run with its kernel (null on the TypeScript path) and the estimator the kernel runs (null: none). */
export interface ChosenPath {
  readonly path: TrainingPath;
  readonly kernel: TabularEpisodeKernel | null;
  readonly estimator: KernelGradient | null;
}

/** `trainingPath` for a run's memory, with the kernel it needs (for `train`). */
export function chooseTrainingPath(environment: Environment, policy: Policy, objective: Objective, options: TrainingPathOptions & { memory: MemoryTable }): ChosenPath {
  const path = trainingPath(environment, policy, objective, options);
  if (path.path === 'typescript') return { path, kernel: null, estimator: null };
  const kernel = TabularEpisodeKernel.create(environment, policy, options.memory);
  if (kernel === null) throw new Error(`the WebAssembly kernel qualified (${path.reason}) but could not be created`);
  return { path, kernel, estimator: path.gradient === 'kernel' ? TabularEpisodeKernel.gradientEstimator(objective) : null };
}

/**
 * The three phases of a training episode, each bound once to the path `train` chose
 * (`chooseTrainingPath`), so the loop never asks again where to run:
 * - `learn()`: one learning episode (expected SARSA); returns its steps;
 * - `gradient()`: fills `gradientSum` with the sigma gradient (mean estimate plus the objective's
 *   global term, or the exact gradient); returns the rollout steps;
 * - `evaluate()`: evalRollouts evaluation episodes into `statistics`; returns the objective's value.
 * Scratch buffers are allocated here, once per run.
 */
export interface TrainingPhases {
  learn(): number;
  gradient(): number;
  evaluate(): ObjectiveValue;
  readonly gradientSum: Float64Array;
  readonly statistics: EpisodeStatistics;
}

/** The phases of `train` on the chosen path, drawing from the run's three streams. */
export function trainingPhases(options: TrainOptions, chosen: ChosenPath, rng: { learning: Rng; gradient: Rng; evaluation: Rng }): TrainingPhases {
  const { environment, policy, objective, memory } = options;
  const kernel = chosen.kernel;
  const gradientSum = new Float64Array(memory.size);
  const statistics = new EpisodeStatistics();
  const buffer = new TrajectoryBuffer(memory.maxActions, 1024);
  return {
    gradientSum,
    statistics,
    learn: kernel !== null ? kernelLearning(options, kernel, rng.learning) : typescriptLearning(options, rng.learning),
    gradient: gradientPhase(options, chosen, rng.gradient, gradientSum, buffer),
    evaluate: kernel !== null
      ? () => {
          kernel.evaluationRollouts(memory, rng.evaluation, policy.beta, options.evalRollouts, statistics);
          return objective.value(statistics, memory);
        }
      : () => evaluateByRollouts(environment, policy, memory, objective, rng.evaluation, options.evalRollouts, buffer, statistics),
  };
}

/** The gradient phase on the chosen path: the exact gradient, the kernel's rollouts, or TypeScript rollouts. */
function gradientPhase(options: TrainOptions, chosen: ChosenPath, rng: Rng, gradient: Float64Array, buffer: TrajectoryBuffer): () => number {
  const { environment, policy, objective, memory, nTraj } = options;
  const kernel = chosen.kernel;
  if (chosen.path.gradient === 'exact') {
    // The model at the start of the run, and the objective's declared exact form (docs/math.md 4.3).
    // The evaluator keeps each state's noise moments until its memories or beta change: a sigma
    // step moves the memories of the states it touched, and only those are integrated again.
    const model = environment.model!;
    const form = objective.description!.exact!;
    const evaluator = new ExactEvaluator();
    return () => {
      gradient.set(evaluator.evaluate(model, memory, form, policy.beta).gradient);
      return 0;
    };
  }
  const estimator = chosen.estimator;
  if (kernel !== null && estimator !== null) {
    return () => {
      const steps = kernel.gradientRollouts(memory, rng, policy.beta, nTraj, estimator, gradient);
      objective.finishGradient(memory, gradient, nTraj);
      return steps;
    };
  }
  return () => {
    let steps = 0;
    gradient.fill(0);
    for (let n = 0; n < nTraj; n++) {
      steps += rollout(environment, policy, memory, rng, buffer);
      objective.accumulateEpisode(buffer, memory, policy, gradient, rng);
    }
    objective.finishGradient(memory, gradient, nTraj);
    return steps;
  };
}

/**
 * The kernel's learning episode. gamma and alpha_q are read once: a double read from the
 * options object at every episode would be boxed anew for the call.
 */
function kernelLearning(options: TrainOptions, kernel: TabularEpisodeKernel, rng: Rng): () => number {
  const { policy, memory, gamma, alphaQ } = options;
  return () => kernel.learningEpisode(memory, rng, policy.beta, gamma, alphaQ);
}

/** The TypeScript learning episode, with its one-row step buffer and the next state's probabilities. */
function typescriptLearning(options: TrainOptions, rng: Rng): () => number {
  const { environment, policy, memory } = options;
  const step = new TrajectoryBuffer(memory.maxActions, 1);
  const next = new Float64Array(memory.maxActions);
  return () => expectedSarsaEpisode(environment, policy, memory, rng, options.gamma, options.alphaQ, step, next, memory.known);
}

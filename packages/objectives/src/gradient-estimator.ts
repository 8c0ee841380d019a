import type { MemoryTable, Policy, Rng, TrajectoryBuffer } from '@dra/core';
import type { KernelEstimator } from './objective-description.js';

/** The unbiased estimators of docs/math.md 3.1-3.3 (any objective). */
export type ScoreFunctionEstimatorId = 'causal' | 'full' | 'state-baseline' | 'noise-baseline' | 'all-actions';

/** The action-value critic estimators, unbiased for any critic (`CriticEstimator`). */
export type CriticEstimatorId = 'critic' | 'q-critic';

/** Every unbiased estimator: the score-function ones and the critic ones. */
export type UnbiasedEstimatorId = ScoreFunctionEstimatorId | CriticEstimatorId;

/** The paper code's estimators (docs/math.md 3.4; DRA only): 'R' is unbiased, 'A' and 'Q' are biased. */
export type PaperEstimatorId = 'A' | 'Q' | 'R';

/** Names of the gradient estimators. */
export type EstimatorId = PaperEstimatorId | UnbiasedEstimatorId;

/** Ids of the unbiased score-function estimators (docs/math.md 3.1-3.3). */
export const SCORE_FUNCTION_ESTIMATOR_IDS: readonly ScoreFunctionEstimatorId[] = ['causal', 'full', 'state-baseline', 'noise-baseline', 'all-actions'];
/** Ids of the critic estimators. */
export const CRITIC_ESTIMATOR_IDS: readonly CriticEstimatorId[] = ['critic', 'q-critic'];
/** Ids of every unbiased estimator (any objective). */
export const UNBIASED_ESTIMATOR_IDS: readonly UnbiasedEstimatorId[] = [...SCORE_FUNCTION_ESTIMATOR_IDS, ...CRITIC_ESTIMATOR_IDS];
/** Ids of the paper code's estimators (docs/tasks.md 4). */
export const PAPER_ESTIMATOR_IDS: readonly PaperEstimatorId[] = ['A', 'Q', 'R'];
/** Ids of every gradient estimator: the paper's, then the unbiased ones. */
export const ESTIMATOR_IDS: readonly EstimatorId[] = [...PAPER_ESTIMATOR_IDS, ...UNBIASED_ESTIMATOR_IDS];

/** What an estimator learned from earlier episodes (baselines, critics), as named arrays of numbers. */
export type EstimatorState = Record<string, number[]>;

/**
 * The episode-dependent part of a sigma gradient: `accumulate` adds one episode's
 * estimate into `gradient` (one entry per memory). Objectives add their deterministic
 * global term once per batch. Implementations keep their scratch arrays, so a call
 * allocates nothing.
 */
export interface GradientEstimator {
  readonly id: EstimatorId;
  /** True when the estimator's mean is the objective's gradient (docs/math.md 3.4). */
  readonly unbiased: boolean;
  /**
   * The kernel twin of `accumulate` (the paper's 'A', 'Q', 'R'; 'causal' and 'full'), or absent / null for none. A class
   * that declares it must withdraw it (null) when a subclass replaces `accumulate`.
   */
  readonly kernel?: KernelEstimator | null;
  /**
   * Adds the estimate from the episode in `buffer` (rolled out with `policy` on `memory`) into
   * `gradient`. `rng` is the rollout's generator, for estimators that draw fresh noise (the critic ones).
   */
  accumulate(buffer: TrajectoryBuffer, memory: MemoryTable, policy: Policy, gradient: Float64Array, rng?: Rng): void;
  /** What the estimator learned from earlier episodes, for a checkpoint; absent when it learns nothing. */
  saveState?(): EstimatorState;
  /** Restores what `saveState` returned, so a resumed run continues with the same bits. */
  restoreState?(state: EstimatorState): void;
}

/** A scratch array of at least `n` entries, reusing `current` when it is large enough. */
export function scratch(current: Float64Array, n: number): Float64Array {
  return current.length >= n ? current : new Float64Array(Math.max(n, current.length * 2));
}

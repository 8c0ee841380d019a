import type { MemoryTable, Policy, TrajectoryBuffer } from '@dra/core';

/** Names of the gradient estimators. 'A', 'Q', 'R' are the paper code's; 'causal' is MATH.md 3.1. */
export type EstimatorId = 'A' | 'Q' | 'R' | 'causal';

export const ESTIMATOR_IDS: readonly EstimatorId[] = ['A', 'Q', 'R', 'causal'];

/**
 * The episode-dependent part of a sigma gradient: `accumulate` adds one episode's
 * estimate into `gradient` (one entry per memory). Objectives add their deterministic
 * global term once per batch. Implementations keep their scratch arrays, so a call
 * allocates nothing.
 */
export interface GradientEstimator {
  readonly id: EstimatorId;
  /** True when the estimator's mean is the objective's gradient (MATH.md 3.4). */
  readonly unbiased: boolean;
  accumulate(buffer: TrajectoryBuffer, memory: MemoryTable, policy: Policy, gradient: Float64Array): void;
}

/** A scratch array of at least `n` entries, reusing `current` when it is large enough. */
export function scratch(current: Float64Array, n: number): Float64Array {
  return current.length >= n ? current : new Float64Array(Math.max(n, current.length * 2));
}

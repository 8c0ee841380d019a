import type { KernelEstimator, Objective } from '@dra/objectives';
import * as layout from './wasm-kernel-layout.js';

/** The kernel's codes of the estimators it runs (`KernelEstimator` of @dra/objectives). */
const ESTIMATOR_CODES = {
  A: layout.ESTIMATOR_A,
  Q: layout.ESTIMATOR_Q,
  R: layout.ESTIMATOR_R,
  causal: layout.ESTIMATOR_CAUSAL,
  full: layout.ESTIMATOR_FULL,
} as const;

/** The estimators the kernel runs, by the name an objective declares (`KernelEstimator['estimator']`). */
export const KERNEL_ESTIMATORS: readonly KernelEstimator['estimator'][] = Object.keys(ESTIMATOR_CODES) as KernelEstimator['estimator'][];

/**
 * An objective's gradient estimator as the kernel runs it: its code and the state-term weights
 * of 'causal' and 'full' (StateTermWeights of @dra/objectives; zero for the paper's estimators).
 */
export interface KernelGradient {
  readonly code: number;
  readonly entropy: number;
  readonly visitCost: number;
  readonly sigmaBase: number;
  readonly meanEntropy: number;
}

/**
 * The objective's gradient estimator as the kernel runs it, from its declaration
 * (`objective.description.kernel`), or null (TypeScript rollouts) for none or one the kernel
 * does not have.
 */
export function kernelGradientOf(objective: Objective): KernelGradient | null {
  const declared = objective.description?.kernel ?? null;
  if (declared === null || !Object.hasOwn(ESTIMATOR_CODES, declared.estimator)) return null;
  const terms = declared.stateTerms;
  return {
    code: ESTIMATOR_CODES[declared.estimator],
    entropy: terms?.entropy ?? 0,
    visitCost: terms?.visitCost ?? 0,
    sigmaBase: terms?.sigmaBase ?? 1,
    meanEntropy: terms?.meanEntropy ?? 0,
  };
}

import { BadInputError } from '@dra/core';
import type { MemoryTable, Policy, Rng, TrajectoryBuffer } from '@dra/core';
import type { EpisodeStatistics } from './episode-statistics.js';
import type { GradientEstimator, UnbiasedEstimatorId } from './gradient-estimator.js';
import { checkCostSettings, finishWithGlobalCost, globalMemoryCost, type Objective } from './objective.js';
import { delegatedKernel, type ExactForm, type ObjectiveDescription } from './objective-description.js';
import type { ObjectiveValue } from './objective-value.js';
import { createUnbiasedEstimator } from './unbiased-estimator.js';

/** Settings of Eq. 10: DRA's global cost plus (lambda / T_ref) times the action entropy. */
export interface Eq10ObjectiveOptions {
  lambda: number;
  sigmaBase: number;
  /**
   * T_ref of the entropy weight lambda / T_ref: a fixed length (docs/math.md 3.5, reading 1), or
   * 'realised' for each episode's own length L, i.e. lambda E[(1/L) sum_t H_t] (reading 2).
   */
  tRef: number | 'realised';
  /** One of the unbiased estimators (docs/math.md 3, or a critic estimator); default 'causal'. */
  estimator?: UnbiasedEstimatorId;
}

/**
 * Eq. 10 of the inference view (docs/math.md 1): DRA's global cost plus an entropy bonus,
 *   F10 = E[ sum_{t<L} r_t ] - lambda KL_all + (lambda / T_ref) E[ sum_{t<L} H_t ].
 * With a fixed T_ref the entropy is a per-step state term of weight lambda / T_ref (reading 1 of
 * docs/math.md 3.5); with tRef 'realised' the bonus is lambda E[(1/L) sum_{t<L} H_t] (reading 2), whose
 * estimator lets the per-episode mean entropy multiply every step's score. The cost is DRA's,
 * -lambda KL'(sigma) on every memory once per batch. Exact form: `eq10ExactForm`; kernel path:
 * its estimator's ('causal' and 'full' have one).
 */
export class Eq10Objective implements Objective {
  readonly id = 'eq10' as const;
  readonly lambda: number;
  readonly sigmaBase: number;
  readonly tRef: number | 'realised';
  readonly estimator: GradientEstimator;

  constructor(options: Eq10ObjectiveOptions) {
    checkCostSettings(options.lambda, options.sigmaBase);
    const realised = options.tRef === 'realised';
    if (!realised && (typeof options.tRef !== 'number' || !Number.isFinite(options.tRef) || options.tRef <= 0)) {
      throw new BadInputError(`tRef must be a finite number > 0 or 'realised', got ${String(options.tRef)}`);
    }
    this.lambda = options.lambda;
    this.sigmaBase = options.sigmaBase;
    this.tRef = options.tRef;
    const weights = realised
      ? { entropy: 0, visitCost: 0, sigmaBase: options.sigmaBase, meanEntropy: options.lambda }
      : { entropy: options.lambda / (options.tRef as number), visitCost: 0, sigmaBase: options.sigmaBase };
    this.estimator = createUnbiasedEstimator(options.estimator ?? 'causal', weights);
  }

  /** Exact form E[sum r] - lambda KL_all + the entropy bonus of its T_ref; the kernel path of its estimator ('causal' and 'full' have one). */
  get description(): ObjectiveDescription {
    return { exact: eq10ExactForm(this.lambda, this.sigmaBase, this.tRef), kernel: delegatedKernel(this, Eq10Objective.prototype.accumulateEpisode) };
  }

  accumulateEpisode(buffer: TrajectoryBuffer, memory: MemoryTable, policy: Policy, gradient: Float64Array, rng?: Rng): void {
    this.estimator.accumulate(buffer, memory, policy, gradient, rng);
  }

  finishGradient(memory: MemoryTable, gradient: Float64Array, episodes: number): void {
    finishWithGlobalCost(memory, gradient, episodes, this.lambda, this.sigmaBase);
  }

  /** lambda * KL over the whole table, memories known exactly excluded. */
  memoryCost(memory: MemoryTable): number {
    return globalMemoryCost(memory, this.lambda, this.sigmaBase);
  }

  value(statistics: EpisodeStatistics, memory: MemoryTable): ObjectiveValue {
    const memoryCost = this.memoryCost(memory);
    const ret = statistics.meanReturn;
    const entropy = statistics.meanEntropy;
    const bonus = this.tRef === 'realised' ? this.lambda * statistics.meanStepEntropy : (this.lambda / this.tRef) * entropy;
    return { objective: ret - memoryCost + bonus, return: ret, memoryCost, actionEntropy: entropy };
  }
}

/**
 * Eq. 10 as an exact form (docs/math.md 1, 3.5): DRA's global cost plus (lambda / T_ref) E[sum_t H_t]
 * with T_ref fixed (reading 1), or lambda E[(1/L) sum_t H_t] with T_ref 'realised' (reading 2).
 */
export function eq10ExactForm(lambda: number, sigmaBase: number, tRef: number | 'realised'): ExactForm {
  const entropy = tRef === 'realised' ? ({ kind: 'realised-mean', weight: lambda } as const) : ({ kind: 'per-step', weight: lambda / tRef } as const);
  return { returnWeight: 1, cost: { kind: 'global', weight: lambda, sigmaBase }, entropy };
}

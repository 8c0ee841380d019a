import { gaussianKlSum, type MemoryTable, type Policy, type Rng, type TrajectoryBuffer } from '@dra/core';
import type { EpisodeStatistics } from './episode-statistics.js';
import type { GradientEstimator, UnbiasedEstimatorId } from './gradient-estimator.js';
import { averageOverEpisodes, checkCostSettings, type Objective } from './objective.js';
import { delegatedKernel, type ExactForm, type ObjectiveDescription } from './objective-description.js';
import type { ObjectiveValue } from './objective-value.js';
import { createUnbiasedEstimator } from './unbiased-estimator.js';

/** Settings of Eq. 8: the memory cost paid at every visit along the trajectory. */
export interface Eq8ObjectiveOptions {
  lambda: number;
  sigmaBase: number;
  /** One of the unbiased estimators (docs/math.md 3, or a critic estimator); default 'causal'. */
  estimator?: UnbiasedEstimatorId;
}

/**
 * Eq. 8 of the inference view (docs/math.md 1): the cost is paid at every visit,
 *   F8 = E[ sum_{t<L} ( r_t - lambda KL(s_t) + lambda H_t ) ].
 * Every step's state term c_t = lambda (H_t - KL(s_t)) and its derivative go through the
 * estimator; there is no global term, so memories never visited get no gradient.
 * Exact form: `eq8ExactForm`; kernel path: its estimator's ('causal' and 'full' have one).
 */
export class Eq8Objective implements Objective {
  readonly id = 'eq8' as const;
  readonly lambda: number;
  readonly sigmaBase: number;
  readonly estimator: GradientEstimator;

  constructor(options: Eq8ObjectiveOptions) {
    checkCostSettings(options.lambda, options.sigmaBase);
    this.lambda = options.lambda;
    this.sigmaBase = options.sigmaBase;
    this.estimator = createUnbiasedEstimator(options.estimator ?? 'causal', { entropy: options.lambda, visitCost: options.lambda, sigmaBase: options.sigmaBase });
  }

  /** Exact form E[sum_t (r_t - lambda KL(s_t) + lambda H_t)]; the kernel path of its estimator ('causal' and 'full' have one). */
  get description(): ObjectiveDescription {
    return { exact: eq8ExactForm(this.lambda, this.sigmaBase), kernel: delegatedKernel(this, Eq8Objective.prototype.accumulateEpisode) };
  }

  accumulateEpisode(buffer: TrajectoryBuffer, memory: MemoryTable, policy: Policy, gradient: Float64Array, rng?: Rng): void {
    this.estimator.accumulate(buffer, memory, policy, gradient, rng);
  }

  finishGradient(memory: MemoryTable, gradient: Float64Array, episodes: number): void {
    averageOverEpisodes(memory, gradient, episodes);
  }

  /** lambda * E[sum_t KL(s_t)], from the visit counts of the evaluation episodes. */
  memoryCost(statistics: EpisodeStatistics, memory: MemoryTable): number {
    let cost = 0;
    for (let s = 0; s < memory.stateCount && s < statistics.visits.length; s++) {
      const n = statistics.visits[s]!;
      if (n > 0) cost += n * gaussianKlSum(memory.sigma, this.sigmaBase, memory.actionStart[s]!, memory.actionStart[s + 1]!, memory.known);
    }
    return (this.lambda * cost) / statistics.episodes;
  }

  value(statistics: EpisodeStatistics, memory: MemoryTable): ObjectiveValue {
    const memoryCost = this.memoryCost(statistics, memory);
    const ret = statistics.meanReturn;
    const entropy = statistics.meanEntropy;
    return { objective: ret - memoryCost + this.lambda * entropy, return: ret, memoryCost, actionEntropy: entropy };
  }
}

/** Eq. 8 as an exact form (docs/math.md 1): the cost lambda KL(s_t) and the bonus lambda H_t at every step. */
export function eq8ExactForm(lambda: number, sigmaBase: number): ExactForm {
  return { returnWeight: 1, cost: { kind: 'per-visit', weight: lambda, sigmaBase }, entropy: { kind: 'per-step', weight: lambda } };
}

import type { MemoryTable, Policy, Rng, TrajectoryBuffer } from '@dra/core';
import {
  checkCostSettings,
  delegatedKernel,
  finishWithGlobalCost,
  globalMemoryCost,
  PaperEstimator,
  type EpisodeStatistics,
  type GradientEstimator,
  type Objective,
  type ObjectiveDescription,
  type ObjectiveValue,
} from '@dra/objectives';

/**
 * A new objective in one file, for self-described-plugins.test.ts: DRA scaled by c > 0,
 *   F_c = c (E[sum_t r_t] - lambda KL_all),
 * with the paper's 'A', 'Q' or 'R' estimator. Its gradient is c times DRA's. It declares:
 * - its exact form, from the evaluator's pieces: return weight c, global cost weight c lambda;
 * - its kernel path: its estimator's ('A', 'Q' and 'R' have one), while `accumulateEpisode` is its own.
 * Nothing else in the repository knows it.
 */
export class ScaledDraObjective implements Objective {
  readonly id = 'scaled-dra';
  readonly scale: number;
  readonly lambda: number;
  readonly sigmaBase: number;
  readonly estimator: GradientEstimator;

  constructor(options: { scale: number; lambda: number; sigmaBase: number; estimator?: 'A' | 'Q' | 'R' }) {
    checkCostSettings(options.lambda, options.sigmaBase);
    this.scale = options.scale;
    this.lambda = options.lambda;
    this.sigmaBase = options.sigmaBase;
    this.estimator = new PaperEstimator(options.estimator ?? 'A');
  }

  get description(): ObjectiveDescription {
    return {
      exact: { returnWeight: this.scale, cost: { kind: 'global', weight: this.scale * this.lambda, sigmaBase: this.sigmaBase }, entropy: null },
      kernel: delegatedKernel(this, ScaledDraObjective.prototype.accumulateEpisode),
    };
  }

  accumulateEpisode(buffer: TrajectoryBuffer, memory: MemoryTable, policy: Policy, gradient: Float64Array, rng?: Rng): void {
    this.estimator.accumulate(buffer, memory, policy, gradient, rng);
  }

  /** c (mean estimate - lambda KL'(sigma)); known memories get 0. */
  finishGradient(memory: MemoryTable, gradient: Float64Array, episodes: number): void {
    finishWithGlobalCost(memory, gradient, episodes, this.lambda, this.sigmaBase);
    for (let i = 0; i < gradient.length; i++) gradient[i]! *= this.scale;
  }

  value(statistics: EpisodeStatistics, memory: MemoryTable): ObjectiveValue {
    const ret = statistics.meanReturn;
    const memoryCost = this.scale * globalMemoryCost(memory, this.lambda, this.sigmaBase);
    return { objective: this.scale * ret - memoryCost, return: ret, memoryCost, actionEntropy: statistics.meanEntropy };
  }
}

import { BadInputError } from '@dra/core';
import type { MemoryTable, Policy, Rng, TrajectoryBuffer } from '@dra/core';
import type { EpisodeStatistics } from './episode-statistics.js';
import { ESTIMATOR_IDS, type EstimatorId, type GradientEstimator } from './gradient-estimator.js';
import { checkCostSettings, finishWithGlobalCost, globalMemoryCost, type Objective } from './objective.js';
import { delegatedKernel, type ExactForm, type ObjectiveDescription } from './objective-description.js';
import type { ObjectiveValue } from './objective-value.js';
import { PaperEstimator } from './paper-estimators.js';
import { createUnbiasedEstimator } from './unbiased-estimator.js';

/** Settings of the DRA objective: return minus lambda KL over the whole table. */
export interface DraObjectiveOptions {
  /** Weight of the memory cost, lambda >= 0. */
  lambda: number;
  /** sigma_base > 0 of the base distribution N(0, sigma_base^2). */
  sigmaBase: number;
  /** Gradient estimator: the paper's 'A', 'Q', 'R' or an unbiased one; default 'A' as in the paper's maze runs. */
  estimator?: EstimatorId;
}

/**
 * The paper's DRA objective (docs/math.md 1): F_DRA = E[sum_t r_t] - lambda KL_all, the memory
 * cost paid once for the whole table. Its gradient is (episode estimate) - lambda KL'(sigma)
 * on every memory, visited or not. Exact form: `draExactForm`; kernel path: its estimator's
 * (the paper's 'A', 'Q', 'R', and 'causal' and 'full').
 */
export class DraObjective implements Objective {
  readonly id = 'dra' as const;
  readonly lambda: number;
  readonly sigmaBase: number;
  readonly estimator: GradientEstimator;

  constructor(options: DraObjectiveOptions) {
    const { lambda, sigmaBase } = options;
    checkCostSettings(lambda, sigmaBase);
    this.lambda = lambda;
    this.sigmaBase = sigmaBase;
    this.estimator = createDraEstimator(options.estimator ?? 'A');
  }

  /** Exact form E[sum r] - lambda KL_all; the kernel path of its estimator while `accumulateEpisode` is DRA's. */
  get description(): ObjectiveDescription {
    return { exact: draExactForm(this.lambda, this.sigmaBase), kernel: delegatedKernel(this, DraObjective.prototype.accumulateEpisode) };
  }

  /** Adds one episode's gradient estimate (the part that depends on the episode). */
  accumulateEpisode(buffer: TrajectoryBuffer, memory: MemoryTable, policy: Policy, gradient: Float64Array, rng?: Rng): void {
    this.estimator.accumulate(buffer, memory, policy, gradient, rng);
  }

  /**
   * Turns the sum over `episodes` episodes into the gradient: mean - lambda KL'(sigma).
   * Memories known exactly are not parameters: their entries are set to 0.
   */
  finishGradient(memory: MemoryTable, gradient: Float64Array, episodes: number): void {
    finishWithGlobalCost(memory, gradient, episodes, this.lambda, this.sigmaBase);
  }

  /** lambda * KL over the whole table, memories known exactly excluded. */
  memoryCost(memory: MemoryTable): number {
    return globalMemoryCost(memory, this.lambda, this.sigmaBase);
  }

  /** The objective's value from evaluation rollouts. */
  value(statistics: EpisodeStatistics, memory: MemoryTable): ObjectiveValue {
    const memoryCost = this.memoryCost(memory);
    const ret = statistics.meanReturn;
    return { objective: ret - memoryCost, return: ret, memoryCost, actionEntropy: statistics.meanEntropy };
  }
}

/** DRA as an exact form (docs/math.md 1): E[sum_t r_t] - lambda KL_all, no entropy term. */
export function draExactForm(lambda: number, sigmaBase: number): ExactForm {
  return { returnWeight: 1, cost: { kind: 'global', weight: lambda, sigmaBase }, entropy: null };
}

function createDraEstimator(id: EstimatorId): GradientEstimator {
  switch (id) {
    case 'A':
    case 'Q':
    case 'R':
      return new PaperEstimator(id);
    default:
      if (!(ESTIMATOR_IDS as readonly string[]).includes(id)) throw new BadInputError(`unknown estimator ${JSON.stringify(id)} (known: ${ESTIMATOR_IDS.join(', ')})`);
      return createUnbiasedEstimator(id);
  }
}

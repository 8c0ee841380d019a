import { BadInputError } from '@dra/core';
import { CriticEstimator } from './critic-estimator.js';
import { UNBIASED_ESTIMATOR_IDS, type GradientEstimator, type UnbiasedEstimatorId } from './gradient-estimator.js';
import { ScoreFunctionEstimator } from './score-function-estimator.js';
import type { StateTermWeights } from './state-terms.js';

/** The unbiased estimator `id` for an objective whose state terms have `weights` (DRA: none). */
export function createUnbiasedEstimator(id: UnbiasedEstimatorId, weights?: StateTermWeights): GradientEstimator {
  switch (id) {
    case 'critic':
    case 'q-critic':
      return new CriticEstimator(id, weights);
    case 'causal':
    case 'full':
    case 'state-baseline':
    case 'noise-baseline':
    case 'all-actions':
      return new ScoreFunctionEstimator(id, weights);
    default:
      throw new BadInputError(`estimator must be one of ${UNBIASED_ESTIMATOR_IDS.join(', ')}, got ${JSON.stringify(id)}`);
  }
}

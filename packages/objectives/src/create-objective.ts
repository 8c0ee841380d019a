import { BadInputError } from '@dra/core';
import type { SigmaStepRuleId } from '@dra/core';
import { DraObjective } from './dra-global-cost.js';
import { Eq10Objective } from './eq10-global-cost.js';
import { Eq8Objective } from './eq8-per-visit.js';
import { PAPER_ESTIMATOR_IDS, UNBIASED_ESTIMATOR_IDS, type EstimatorId, type PaperEstimatorId, type UnbiasedEstimatorId } from './gradient-estimator.js';
import { OBJECTIVE_IDS, type Objective, type ObjectiveId } from './objective.js';

/** Plain settings of an objective (as in a run's config). */
export interface ObjectiveSettings {
  objective: ObjectiveId;
  lambda: number;
  sigmaBase: number;
  estimator: EstimatorId;
  /** Eq. 10's T_ref, a length or 'realised' (MATH.md 3.5); required for Eq. 10, ignored otherwise. */
  tRef?: number | 'realised';
}

/**
 * Builds an objective from plain settings. The paper's 'A', 'Q', 'R' estimators belong to
 * DRA; Eq. 8 and Eq. 10 take the unbiased estimators of MATH.md 3. Errors name the setting.
 */
export function createObjective(settings: ObjectiveSettings): Objective {
  const { objective, lambda, sigmaBase, estimator } = settings;
  if (!OBJECTIVE_IDS.includes(objective)) throw new BadInputError(`objective must be one of ${OBJECTIVE_IDS.join(', ')}, got ${String(objective)}`);
  if (objective === 'dra') return new DraObjective({ lambda, sigmaBase, estimator });
  if ((PAPER_ESTIMATOR_IDS as readonly string[]).includes(estimator)) {
    throw new BadInputError(`estimator ${estimator} is the paper's DRA estimator; ${objective} takes ${UNBIASED_ESTIMATOR_IDS.join(', ')}`);
  }
  const unbiased = estimator as Exclude<EstimatorId, PaperEstimatorId> satisfies UnbiasedEstimatorId;
  if (objective === 'eq8') return new Eq8Objective({ lambda, sigmaBase, estimator: unbiased });
  if (settings.tRef === undefined) throw new BadInputError('tRef: Eq. 10 needs T_ref (the task horizon, or a given length; MATH.md 3.5)');
  return new Eq10Objective({ lambda, sigmaBase, tRef: settings.tRef, estimator: unbiased });
}

/**
 * The estimator `objective` takes when `estimator` came from a default rather than a user's
 * choice (the paper presets name DRA's 'A'): the paper's 'A', 'Q' and 'R' estimate DRA's
 * gradient only (TASKS.md 4), so Eq. 8 and Eq. 10 take the learned critic estimator in their
 * place, the unbiased estimator with the best exact objective after training at the paper's
 * settings (docs/estimators.md). Every other pair is returned as it is.
 */
export function defaultEstimatorFor(objective: ObjectiveId, estimator: EstimatorId): EstimatorId {
  return objective !== 'dra' && (PAPER_ESTIMATOR_IDS as readonly string[]).includes(estimator) ? 'critic' : estimator;
}

/**
 * The sigma step rule an estimator takes when none was chosen: the paper's estimators keep
 * the paper's constant step; the unbiased ones take 'adam', since with a constant step their
 * noise drives sigma to the clip at the paper's settings (docs/estimators.md).
 */
export function defaultSigmaStepFor(estimator: EstimatorId): SigmaStepRuleId {
  return (PAPER_ESTIMATOR_IDS as readonly string[]).includes(estimator) ? 'constant' : 'adam';
}

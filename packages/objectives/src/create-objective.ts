import type { SigmaStepRuleId } from '@dra/core';
import { PAPER_ESTIMATOR_IDS, type EstimatorId } from './gradient-estimator.js';
import type { Objective } from './objective.js';
import type { ObjectiveSettings } from './objective-plugin.js';

export type { ObjectiveSettings };
import { createBuiltInObjectives, type ObjectiveRegistry } from './objective-registry.js';

const BUILT_IN = createBuiltInObjectives();

/**
 * Builds an objective from plain settings, from `registry` (the built-in DRA, Eq. 8 and Eq. 10
 * by default). The paper's 'A', 'Q', 'R' estimators belong to DRA; Eq. 8 and Eq. 10 take the
 * unbiased estimators of docs/math.md 3. Errors name the setting.
 */
export function createObjective(settings: ObjectiveSettings, registry: ObjectiveRegistry = BUILT_IN): Objective {
  return registry.create(settings);
}

/**
 * The estimator `objective` takes when `estimator` came from a default rather than a user's
 * choice (the paper presets name DRA's 'A'): the paper's 'A', 'Q' and 'R' estimate DRA's
 * gradient only (docs/tasks.md 4), so Eq. 8 and Eq. 10 take the learned critic estimator in their
 * place, the unbiased estimator with the best exact objective after training at the paper's
 * settings (docs/estimators.md). Every other pair is returned as it is; an objective of
 * `registry` keeps any estimator it takes, and one that takes no critic gets its first estimator.
 */
export function defaultEstimatorFor(objective: string, estimator: EstimatorId, registry: ObjectiveRegistry | undefined = BUILT_IN): EstimatorId {
  const plugin = registry.has(objective) ? registry.get(objective) : null;
  const takes = plugin === null ? objective === 'dra' : plugin.estimators.includes(estimator);
  if (takes || !(PAPER_ESTIMATOR_IDS as readonly string[]).includes(estimator)) return estimator;
  // A plugin that takes neither the preset's estimator nor the critic one gets the first it declares.
  return plugin === null || plugin.estimators.includes('critic') ? 'critic' : plugin.estimators[0]!;
}

/**
 * The sigma step rule an estimator takes when none was chosen: the paper's estimators keep
 * the paper's constant step; the unbiased ones take 'adam', since with a constant step their
 * noise drives sigma to the clip at the paper's settings (docs/estimators.md).
 */
export function defaultSigmaStepFor(estimator: EstimatorId): SigmaStepRuleId {
  return (PAPER_ESTIMATOR_IDS as readonly string[]).includes(estimator) ? 'constant' : 'adam';
}

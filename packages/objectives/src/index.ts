export type { ObjectiveValue } from './objective-value.js';
export { EpisodeStatistics } from './episode-statistics.js';
export {
  CRITIC_ESTIMATOR_IDS,
  ESTIMATOR_IDS,
  PAPER_ESTIMATOR_IDS,
  SCORE_FUNCTION_ESTIMATOR_IDS,
  UNBIASED_ESTIMATOR_IDS,
  type CriticEstimatorId,
  type EstimatorId,
  type EstimatorState,
  type GradientEstimator,
  type PaperEstimatorId,
  type ScoreFunctionEstimatorId,
  type UnbiasedEstimatorId,
} from './gradient-estimator.js';
export { PaperEstimator } from './paper-estimators.js';
export { ScoreFunctionEstimator } from './score-function-estimator.js';
export { CriticEstimator, type CriticEstimatorOptions } from './critic-estimator.js';
export { createUnbiasedEstimator } from './unbiased-estimator.js';
export { checkCostSettings, finishWithGlobalCost, globalMemoryCost, isBuiltInObjective, OBJECTIVE_IDS, type Objective, type ObjectiveId } from './objective.js';
export { checkExactForm, delegatedKernel, type ExactForm, type KernelEstimator, type ObjectiveDescription } from './objective-description.js';
export { DraObjective, draExactForm, type DraObjectiveOptions } from './dra-global-cost.js';
export { Eq8Objective, eq8ExactForm, type Eq8ObjectiveOptions } from './eq8-per-visit.js';
export { Eq10Objective, eq10ExactForm, type Eq10ObjectiveOptions } from './eq10-global-cost.js';
export { createObjective, defaultEstimatorFor, defaultSigmaStepFor, type ObjectiveSettings } from './create-objective.js';
export { checkObjectivePlugin, OBJECTIVE_SPECIFICATION_VERSION, type ObjectivePlugin } from './objective-plugin.js';
export { createBuiltInObjectives, draObjectivePlugin, eq10ObjectivePlugin, eq8ObjectivePlugin, ObjectiveRegistry } from './objective-registry.js';
export { EXACT_LIMITS, evaluateExactForm, evaluateExactly, evaluateObjectiveExactly, exactEvaluationRefusal, type ExactEvaluation } from './exact/exact-evaluator.js';
export { ExactEvaluator } from './exact/exact-evaluator-cache.js';
export { exactFormOf, type ExactEvaluationOptions } from './exact/exact-settings.js';
export type { StateTermWeights } from './state-terms.js';

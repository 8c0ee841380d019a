export * from './objective-value.js';
export * from './episode-statistics.js';
export * from './gradient-estimator.js';
export * from './paper-estimators.js';
export * from './causal-estimator.js';
export * from './dra-global-cost.js';
export * from './exact/state-moments.js';
export * from './exact/exact-evaluator.js';

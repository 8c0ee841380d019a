export * from './rollout.js';
export * from './expected-sarsa.js';
export * from './evaluate.js';
export * from './train.js';
export * from './run-settings.js';
export * from './experiment.js';

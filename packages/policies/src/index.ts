export * from './soft-thompson.js';
export * from './softmax-policy.js';
export * from './hard-thompson.js';
export * from './check-beta.js';
export * from './hard-thompson-choice.js';

export { SoftThompson } from './soft-thompson.js';
export { SoftmaxPolicy } from './softmax-policy.js';
export { HardThompson } from './hard-thompson.js';
export { hardThompsonChoiceEntropy, hardThompsonChoiceInto } from './hard-thompson-choice.js';

import { buildTabularModel, type TabularModel } from '@dra/core';

/** A small known MDP with the memory and settings at which MATH.md tabulates exact values. */
export interface ReferenceMdp {
  model: TabularModel;
  mean: number[][];
  sigma: number[][];
  beta: number;
  lambda: number;
  sigmaBase: number;
}

/**
 * MATH.md 6 (a), the chain: S = 2, K = 2, T = 2, p0 = (0.6, 0.4). In state 0, action 0
 * stays (r = 0.5); action 1 moves to 1 with probability 0.9 (r = 0) and stays with 0.1
 * (r = -0.2). In state 1, action 0 stays (r = 2); action 1 moves to 0 (r = 1).
 * MATH.md 7 lists its exact objectives and gradients.
 */
export function mathChainA(): ReferenceMdp {
  return {
    model: buildTabularModel({
      actions: [
        [[{ next: 0, probability: 1, reward: 0.5 }], [{ next: 1, probability: 0.9, reward: 0 }, { next: 0, probability: 0.1, reward: -0.2 }]],
        [[{ next: 1, probability: 1, reward: 2 }], [{ next: 0, probability: 1, reward: 1 }]],
      ],
      start: [0.6, 0.4],
      horizon: 2,
    }),
    mean: [[0.8, 1.6], [2.0, 1.2]],
    sigma: [[0.7, 1.3], [0.5, 0.9]],
    beta: 2,
    lambda: 0.3,
    sigmaBase: 1.5,
  };
}

import { buildTabularModel, type TabularModel } from '@dra/core';

/** A small known MDP with a memory and settings to evaluate it at (docs/math.md 6 and 7 tabulate chain (a)). */
export interface ReferenceMdp {
  model: TabularModel;
  mean: number[][];
  sigma: number[][];
  beta: number;
  lambda: number;
  sigmaBase: number;
}

/**
 * docs/math.md 6 (a), the chain: S = 2, K = 2, T = 2, p0 = (0.6, 0.4). In state 0, action 0
 * stays (r = 0.5); action 1 moves to 1 with probability 0.9 (r = 0) and stays with 0.1
 * (r = -0.2). In state 1, action 0 stays (r = 2); action 1 moves to 0 (r = 1).
 * docs/math.md 7 lists its exact objectives and gradients.
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

/**
 * A goal chain with episodes of variable length (docs/math.md 6 mentions one): live states 0, 1, 2
 * and the absorbing goal 3, at most T = 5 moves, p0 = (0.7, 0.3, 0, 0). Action 0 moves one
 * state on with probability 0.8 (r = -0.1, or +1 on entering the goal) and stays with 0.2
 * (r = -0.1); action 1 steps back (from 0: stays) with r = 0.05.
 */
export function goalChain(): ReferenceMdp {
  const forward = (s: number) => [
    { next: s + 1, probability: 0.8, reward: s + 1 === 3 ? 1 : -0.1 },
    { next: s, probability: 0.2, reward: -0.1 },
  ];
  const back = (s: number) => [{ next: Math.max(0, s - 1), probability: 1, reward: 0.05 }];
  return {
    model: buildTabularModel({
      actions: [[forward(0), back(0)], [forward(1), back(1)], [forward(2), back(2)], []],
      start: [0.7, 0.3, 0, 0],
      terminal: [false, false, false, true],
      horizon: 5,
    }),
    mean: [[0.3, 0.1], [0.5, -0.2], [0.9, 0.2], []],
    sigma: [[0.6, 1.2], [0.8, 0.4], [1.1, 0.7], []],
    beta: 2,
    lambda: 0.3,
    sigmaBase: 1.5,
  };
}

/**
 * A branching MDP with 3, 4 and 1 actions per state and a terminal state, T = 3,
 * p0 = (0.5, 0.5, 0, 0): state 0 (3 actions) leads to 1, 2 or the end; state 1 (4 actions)
 * to 0, 2 or the end; state 2 has a single action back to 0. Stochastic outcomes and
 * rewards of both signs.
 */
export function branchingMdp(): ReferenceMdp {
  return {
    model: buildTabularModel({
      actions: [
        [
          [{ next: 1, probability: 0.7, reward: 0.4 }, { next: 2, probability: 0.3, reward: -0.3 }],
          [{ next: 2, probability: 1, reward: 0.6 }],
          [{ next: 3, probability: 0.5, reward: 1.2 }, { next: 0, probability: 0.5, reward: -0.5 }],
        ],
        [
          [{ next: 0, probability: 1, reward: 0.2 }],
          [{ next: 2, probability: 0.6, reward: 0.9 }, { next: 1, probability: 0.4, reward: -0.4 }],
          [{ next: 3, probability: 1, reward: 0.5 }],
          [{ next: 1, probability: 1, reward: 0.3 }],
        ],
        [[{ next: 0, probability: 1, reward: 0.1 }]],
        [],
      ],
      start: [0.5, 0.5, 0, 0],
      terminal: [false, false, false, true],
      horizon: 3,
    }),
    mean: [[0.5, 0.2, 0.6], [0.1, 0.4, 0.3, -0.2], [0.0], []],
    sigma: [[0.7, 1.1, 0.4], [0.9, 0.5, 1.3, 0.6], [0.8], []],
    beta: 1.5,
    lambda: 0.3,
    sigmaBase: 1.5,
  };
}

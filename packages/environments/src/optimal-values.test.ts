import { buildTabularModel } from '@dra/core';
import { describe, expect, it } from 'vitest';
import { optimalValues } from './optimal-values.js';

describe('optimalValues (finite-horizon value iteration)', () => {
  // A coin that lands on the goal with probability q per try (else stays), or a sure step to a dead end.
  const coin = (q: number) =>
    buildTabularModel({
      actions: [
        [[{ next: 1, probability: q, reward: 1 }, { next: 0, probability: 1 - q, reward: 0 }], [{ next: 2, probability: 1, reward: 0 }]],
        [],
        [],
      ],
      start: [1, 0, 0],
      terminal: [false, true, true],
    });

  it('gives the closed form 1 - (1 - q)^k for k tries of a coin with success q, and picks the coin', () => {
    for (const k of [1, 2, 5, 40]) {
      const result = optimalValues(coin(0.25), { steps: k });
      expect(result.startValue).toBeCloseTo(1 - 0.75 ** k, 14); // closed form
      expect(result.policy[0]).toBe(0);
    }
  });

  it('discounts: with gamma the value of the coin is q / (1 - gamma (1 - q)) as k grows', () => {
    const q = 0.25;
    const gamma = 0.9;
    expect(optimalValues(coin(q), { steps: 2000, gamma }).startValue).toBeCloseTo(q / (1 - gamma * (1 - q)), 12); // closed form
  });

  it('refuses a step count below 1', () => {
    expect(() => optimalValues(coin(0.5), { steps: 0 })).toThrow('steps must be a whole number >= 1, got 0');
  });
});

import { buildTabularModel, Rng } from '@dra/core';
import { describe, expect, it } from 'vitest';
import { mathChainA } from './reference-mdps.js';
import { TabularEnvironment } from './tabular-environment.js';

describe('TabularEnvironment', () => {
  const { model } = mathChainA(); // MATH.md 6 (a)

  it('samples start states and transitions with the model probabilities (|z| < 5)', () => {
    const env = new TabularEnvironment(model);
    const rng = Rng.create(9);
    const n = 100_000;
    let starts0 = 0;
    let moved = 0;
    let tries = 0;
    for (let i = 0; i < n; i++) {
      if (env.reset(rng) === 0) {
        starts0++;
        env.step(1, rng);
        tries++;
        if (env.state === 1) moved++;
      }
    }
    expect(Math.abs(starts0 / n - 0.6) / Math.sqrt(0.24 / n)).toBeLessThan(5);
    expect(Math.abs(moved / tries - 0.9) / Math.sqrt(0.09 / tries)).toBeLessThan(5);
  });

  it('ends a fixed-length task after T moves as a truncation', () => {
    const env = new TabularEnvironment(model);
    const rng = Rng.create(1);
    env.reset(rng);
    env.step(0, rng);
    expect(env.truncated).toBe(false);
    env.step(0, rng);
    expect(env.truncated).toBe(true);
  });

  it('rejects models whose probabilities do not sum to 1', () => {
    expect(() =>
      buildTabularModel({ actions: [[[{ next: 0, probability: 0.5, reward: 0 }]]], start: [1] }),
    ).toThrow(/state 0, action 0: outcome probabilities sum to 0.5/);
  });
});

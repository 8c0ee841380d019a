import { buildTabularModel, Rng } from '@dra/core';
import { describe, expect, it } from 'vitest';
import { mathChainA } from './testing/reference-mdps.js';
import { createHuysTask, huysIndex } from './huys-planning.js';
import { TabularEnvironment } from './tabular-environment.js';

describe('TabularEnvironment', () => {
  const { model } = mathChainA(); // docs/math.md 6 (a)

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

  it('starts from a given tabular state with resetTo, and rejects states outside the model', () => {
    const env = createHuysTask();
    expect(env.resetTo([huysIndex(1, 5)])).toBe(huysIndex(1, 5));
    expect(env.step(0, Rng.create(1))).toBe(-70);
    expect(env.state).toBe(huysIndex(2, 1));
    expect(env.resetTo([huysIndex(3, 1)])).toBe(huysIndex(3, 1));
    expect(env.terminated).toBe(true);
    expect(() => env.resetTo([24])).toThrow(/start must be one tabular state index in 0..23, got 24/);
    expect(() => env.resetTo([1, 2])).toThrow(/got 1,2/);
    expect(() => env.resetTo([0.5])).toThrow(/got 0.5/);
  });

  it('declares its sampling for a kernel (kernelModel), and withdraws it from a subclass that steps or resets its own way', () => {
    const env = new TabularEnvironment(model);
    expect(env.kernelModel).toBe(env);
    expect(env.kernelModel!.model).toBe(model);
    expect(env.kernelModel!.stepLimit).toBe(env.stepLimit);
    class Slippery extends TabularEnvironment {
      override step(action: number, rng: Rng): number {
        return super.step(action, rng) - 1;
      }
    }
    class Restarting extends TabularEnvironment {
      override reset(rng: Rng): number {
        return super.reset(rng);
      }
      /** Its reset draws as TabularEnvironment's does: it claims the declaration back. */
      override get kernelModel() {
        return this;
      }
    }
    expect(new Slippery(model).kernelModel).toBeNull();
    const restarting = new Restarting(model);
    expect(restarting.kernelModel).toBe(restarting);
  });
});

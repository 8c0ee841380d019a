import { MemoryTable, Rng, TrajectoryBuffer } from '@dra/core';
import { createTabularFilePlugin, EnvironmentRegistry, gymnasiumExportText, optimalValues, readTabularModelFile } from '@dra/environments';
import { SoftThompson } from '@dra/policies';
import { describe, expect, it } from 'vitest';
import { runExperiment } from './experiment.js';
import { rollout } from './rollout.js';
import { defaultSettings, type RunSettings } from './run-settings.js';

const LAKE = gymnasiumExportText('FrozenLake-v1'); // Gymnasium 1.3's FrozenLake-v1: 4 x 4, slippery, time limit 100
const registry = new EnvironmentRegistry().register(createTabularFilePlugin(() => LAKE));
const SEEDS = [1, 2, 3, 4, 5];
const EPISODES = 20_000;

/** Settings for rewards of size 1: a sharp soft-max, small noise and a small memory cost. */
function lakeSettings(seed: number, alphaQ: number): RunSettings {
  return {
    ...defaultSettings('maze'),
    env: 'tabular',
    envOptions: { model: 'frozenlake.json', maxSteps: null },
    seed,
    episodes: EPISODES,
    evalEvery: 5000,
    evalRollouts: 100,
    gamma: 0.99,
    beta: 200,
    alphaQ,
    sigma0: 0.01,
    sigmaBase: 0.1,
    sigmaMin: 0.001,
    lambda: 1e-4,
  };
}

/** Fraction of `episodes` rollouts of the trained memories (soft Thompson at the trained beta) that reach the goal. */
function successRate(settings: RunSettings, episodes: number): number {
  const record = runExperiment(settings, { registry });
  const environment = registry.create('tabular', { model: 'frozenlake.json' });
  const memory = MemoryTable.fromRows(record.memory);
  const policy = new SoftThompson({ beta: settings.beta });
  const rng = Rng.create(1000 + settings.seed).stream('success');
  const buffer = new TrajectoryBuffer(memory.maxActions, 128);
  let reached = 0;
  for (let e = 0; e < episodes; e++) {
    rollout(environment, policy, memory, rng, buffer);
    if (buffer.terminated && buffer.rewards[buffer.length - 1] === 1) reached++;
  }
  return reached / episodes;
}

describe('DRA on FrozenLake 4x4 slippery, against the optimum', () => {
  // Oracle: value iteration on the same table over the 100-step time limit (optimalValues).
  const optimum = optimalValues(readTabularModelFile(JSON.parse(LAKE), 'FrozenLake-v1').model, { steps: 100 }).startValue;

  it('the optimum over 100 steps is 0.744 (14/17 = 0.824 without a time limit)', () => {
    expect(optimum).toBeCloseTo(0.74419, 5);
  });

  it('learns to reach the goal in most episodes (mean over 5 seeds at least 0.45), never above the optimum; an untrained agent fails the check', () => {
    const rates = SEEDS.map((seed) => successRate(lakeSettings(seed, 0.05), 4000));
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
    // Each rate is a mean of 4000 episodes (s.e. at most 0.008): none may beat the optimum by more than 4 s.e.
    for (const rate of rates) expect(rate).toBeLessThan(optimum + 0.032);
    expect(mean).toBeGreaterThanOrEqual(0.45);
    // The wrong variant: one episode of training leaves about the random walk's success.
    const untrained = successRate({ ...lakeSettings(1, 0.05), episodes: 1, evalEvery: 1 }, 4000);
    expect(untrained).toBeLessThan(0.45);
  });
});

import { mountainCarPlugin } from '@dra/mountain-car';
import { createBuiltInRegistry } from '@dra/environments';
import { describe, expect, it } from 'vitest';
import { runExperiment } from './experiment.js';
import { defaultSettings } from './run-settings.js';
import type { TrainingCheckpoint } from './train.js';

const registry = createBuiltInRegistry().register(mountainCarPlugin);

describe('checkpoints', () => {
  it.each([
    ['maze', { episodes: 300, evalEvery: 40 }, 50],
    ['maze with the switch', { episodes: 300, envOptions: { switchAt: 120 } }, 70],
    ['mountain car (beta schedule, uniform q0)', { env: 'mountain-car', episodes: 40, evalEvery: 10, evalRollouts: 5, betaSchedule: { growth: 1.5, every: 10, max: 10 } }, 15],
    ['planning task, Eq. 10 (known final moves)', { env: 'huys', objective: 'eq10', estimator: 'causal', episodes: 200, evalEvery: 50 }, 60],
    ['maze, Eq. 8 with the learned critic and the adam step', { objective: 'eq8', estimator: 'critic', sigmaStep: 'adam', episodes: 150, evalEvery: 40 }, 40],
    ['planning task, DRA with the state baseline, rmsprop and a decaying step', { env: 'huys', estimator: 'state-baseline', sigmaStep: 'rmsprop', alphaSigmaDecay: { tau: 50, power: 0.6 }, episodes: 200, evalEvery: 50 }, 60],
  ] as const)('resuming %s from any checkpoint ends bit for bit where the uninterrupted run ends', (_, patch, every) => {
    const env = 'env' in patch ? patch.env : 'maze';
    const settings = { ...defaultSettings(env, registry), ...patch, seed: 5 } as ReturnType<typeof defaultSettings>;
    if ('envOptions' in patch) settings.envOptions = { ...defaultSettings(env, registry).envOptions, ...patch.envOptions };
    const checkpoints: TrainingCheckpoint[] = [];
    const whole = runExperiment(settings, { registry, checkpointEvery: every, onCheckpoint: (c) => checkpoints.push(JSON.parse(JSON.stringify(c))) });
    expect(checkpoints.map((c) => c.episode)).toEqual(Array.from({ length: Math.ceil(settings.episodes / every) - 1 }, (_, i) => (i + 1) * every));
    for (const checkpoint of checkpoints) {
      const resumed = runExperiment(settings, { registry, resume: checkpoint });
      expect(JSON.stringify(resumed.memory)).toBe(JSON.stringify(whole.memory));
      expect(JSON.stringify(resumed.curve)).toBe(JSON.stringify(whole.curve));
      expect(resumed.steps).toEqual(whole.steps);
      expect(JSON.stringify(resumed.last)).toBe(JSON.stringify(whole.last));
      expect(resumed.resumedFrom).toEqual({ episode: checkpoint.episode, steps: checkpoint.steps });
    }
    expect(whole.resumedFrom).toBeNull();
  });

  it('refuses a checkpoint of another layout or past the last episode, naming what differs', () => {
    const maze = { ...defaultSettings('maze'), episodes: 20 };
    let checkpoint: TrainingCheckpoint | undefined;
    runExperiment(maze, { checkpointEvery: 10, onCheckpoint: (c) => (checkpoint = c) });
    const huys = { ...defaultSettings('huys'), episodes: 20 };
    expect(() => runExperiment(huys, { resume: checkpoint })).toThrow(/checkpoint memory has 54 states and 216 memories, the run 24 and 36/);
    expect(() => runExperiment({ ...maze, episodes: 5 }, { resume: checkpoint })).toThrow(/checkpoint episode must be a whole number from 0 to 5, got 10/);
  });
});

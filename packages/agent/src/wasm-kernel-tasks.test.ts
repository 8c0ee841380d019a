import { createBuiltInRegistry } from '@dra/environments';
import { mountainCarPlugin } from '@dra/mountain-car';
import { describe, expect, it } from 'vitest';
import { bits, bothPaths, recordBits } from './run-bits.test-support.js';
import { defaultSettings, type RunSettings } from './run-settings.js';

// Oracle: the TypeScript path of `train` (wasm: false). The kernel must give the same bits.
// Whole runs of the planning task, mountain car and the maze's longest episodes; the maze's other
// paths and random MDPs are in wasm-kernel-host.test.ts.

const maze = (overrides: Partial<RunSettings>): RunSettings => ({ ...defaultSettings('maze'), episodes: 120, evalEvery: 20, evalRollouts: 20, ...overrides });

describe('TabularEpisodeKernel: the planning task, mountain car, long episodes, bit for bit against the TypeScript path', () => {
  it('Huys planning task: random start states, a fixed horizon, memories known exactly, a beta schedule', () => {
    const settings: RunSettings = { ...defaultSettings('huys'), episodes: 300, evalEvery: 50, evalRollouts: 50, seed: 8 };
    expect(settings.knownFinalMoves).toBe(true);
    expect(settings.estimator).toBe('R');
    const { wasm, typescript } = bothPaths({ ...settings, betaSchedule: { growth: 1.5, every: 60, max: 50 } });
    expect(wasm.kernel).toEqual({ episodes: 'wasm', gradient: 'wasm' });
    expect(recordBits(wasm)).toBe(recordBits(typescript));
  });

  it.each([
    ["the paper preset ('A')", {}],
    ['Eq. 10, causal, realised length', { objective: 'eq10', estimator: 'causal', tRef: 'realised', sigmaStep: 'adam' }],
    ["a time limit of 40 steps, 'R'", { estimator: 'R', envOptions: { maxSteps: 40 } }],
  ] as const)('mountain car in the kernel (own cos, the 19 x 15 bins): %s', (_, overrides) => {
    const registry = createBuiltInRegistry().register(mountainCarPlugin);
    const settings = { ...defaultSettings('mountain-car', registry), episodes: 150, evalEvery: 50, evalRollouts: 20, seed: 11, ...overrides } as RunSettings;
    const { wasm, typescript } = bothPaths(settings, { registry });
    expect(wasm.kernel).toEqual({ episodes: 'wasm', gradient: 'wasm' });
    expect(recordBits(wasm)).toBe(recordBits(typescript));
  });

  it('Huys planning task, Eq. 8 with the causal estimator: known memories pay no visit cost', () => {
    const settings: RunSettings = { ...defaultSettings('huys'), objective: 'eq8', estimator: 'causal', episodes: 150, evalEvery: 50, evalRollouts: 50, seed: 9 };
    const { wasm, typescript } = bothPaths(settings);
    expect(wasm.kernel).toEqual({ episodes: 'wasm', gradient: 'wasm' });
    expect(recordBits(wasm)).toBe(recordBits(typescript));
  });

  it('an episode longer than the recorded room (1024 steps): the kernel grows its memory mid-call', () => {
    // sigma0 = 1e4 at beta 10: the maze is walked at random for thousands of steps per episode.
    const { wasm, typescript } = bothPaths(maze({ seed: 10, estimator: 'causal', sigma0: 1e4, sigmaMin: 1e4, sigmaMax: 1e4, episodes: 3, evalEvery: 1, evalRollouts: 2 }));
    expect(Math.max(...wasm.curve.map((p) => -p.return))).toBeGreaterThan(1024);
    expect(recordBits(wasm)).toBe(recordBits(typescript));
  });
});

import { ENVIRONMENT_SPECIFICATION_VERSION, type EnvironmentPlugin } from '@dra/core';
import { EnvironmentRegistry } from './environment-registry.js';
import { createHuysTask, type HuysTaskOptions } from './huys-planning.js';
import { createMaze } from './maze.js';

/** Options of the `maze` plugin: the switch episode (null: none) and the time limit. */
export interface MazePluginOptions {
  switchAt: number | null;
  maxSteps: number;
}

/** The paper's maze (docs/tasks.md 1). */
export const mazePlugin: EnvironmentPlugin<MazePluginOptions> = {
  specificationVersion: ENVIRONMENT_SPECIFICATION_VERSION,
  id: 'maze',
  description: 'Mattar & Daw maze of the DRA paper, Fig. 1: 6 x 9 grid, 4 moves, +10 at the goal, -1 per step',
  options: {
    switchAt: { type: 'integer', default: null, description: 'training episode of the goal switch (the paper: 3000); none by default' },
    maxSteps: { type: 'integer', default: 100_000, description: 'time limit of one episode (truncation)' },
  },
  // docs/tasks.md 1 (sigma0 = 3 of the paper's {1, 3, 4, 5}; estimator 'A' as in its code).
  paperSettings: {
    estimator: 'A',
    episodes: 5000,
    lambda: 0.1,
    beta: 10,
    sigma0: 3,
    sigmaBase: 5,
    sigmaMin: 0.01,
    sigmaMax: 100,
    qInit: 0,
    gamma: 0.9,
    alphaQ: 0.1,
    alphaSigma: 0.1,
    nTraj: 10,
    evalEvery: 100,
    evalRollouts: 100,
  },
  create: (options = {}) =>
    createMaze({
      ...(options.switchAt === undefined || options.switchAt === null ? {} : { switchAt: options.switchAt }),
      ...(options.maxSteps === undefined ? {} : { maxSteps: options.maxSteps }),
    }),
};

/** The planning task of Huys et al. (docs/tasks.md 2). */
export const huysPlugin: EnvironmentPlugin<Required<HuysTaskOptions>> = {
  specificationVersion: ENVIRONMENT_SPECIFICATION_VERSION,
  id: 'huys',
  description: 'planning task of Huys et al. (DRA paper, Fig. 3): 6 states, 2 actions, exactly `depth` moves',
  options: { depth: { type: 'integer', default: 3, description: 'moves per trial' } },
  // docs/tasks.md 2: last move known exactly (q = reward, sigma = 1); whole-return estimator 'R' as in the paper's code.
  paperSettings: {
    estimator: 'R',
    episodes: 60_000,
    lambda: 1,
    beta: 10,
    sigma0: 100,
    sigmaBase: 100,
    sigmaMin: 1,
    sigmaMax: 100,
    qInit: 0,
    gamma: 1,
    alphaQ: 0.1,
    alphaSigma: 0.1,
    nTraj: 10,
    evalEvery: 1000,
    evalRollouts: 10_000,
    knownFinalMoves: true,
    knownSigma: 1,
  },
  create: (options = {}) => createHuysTask(options),
};

/** A registry holding the environments of this package (a new one per call). */
export function createBuiltInRegistry(): EnvironmentRegistry {
  return new EnvironmentRegistry().register(mazePlugin).register(huysPlugin);
}

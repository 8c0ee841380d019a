import { ENVIRONMENT_SPECIFICATION_VERSION, type EnvironmentPlugin } from '@dra/core';
import { EnvironmentRegistry } from './environment-registry.js';
import { createHuysTask, type HuysTaskOptions } from './huys-planning.js';
import { createMaze } from './maze.js';

export interface MazePluginOptions {
  switchAt: number | null;
  maxSteps: number;
}

/** The paper's maze (TASKS.md 1). */
export const mazePlugin: EnvironmentPlugin<MazePluginOptions> = {
  specificationVersion: ENVIRONMENT_SPECIFICATION_VERSION,
  id: 'maze',
  description: 'Mattar & Daw maze of the DRA paper, Fig. 1: 6 x 9 grid, 4 moves, +10 at the goal, -1 per step',
  options: {
    switchAt: { type: 'integer', default: null, description: 'training episode of the goal switch (the paper: 3000); none by default' },
    maxSteps: { type: 'integer', default: 100_000, description: 'time limit of one episode (truncation)' },
  },
  create: (options = {}) =>
    createMaze({
      ...(options.switchAt === undefined || options.switchAt === null ? {} : { switchAt: options.switchAt }),
      ...(options.maxSteps === undefined ? {} : { maxSteps: options.maxSteps }),
    }),
};

/** The planning task of Huys et al. (TASKS.md 2). */
export const huysPlugin: EnvironmentPlugin<Required<HuysTaskOptions>> = {
  specificationVersion: ENVIRONMENT_SPECIFICATION_VERSION,
  id: 'huys',
  description: 'planning task of Huys et al. (DRA paper, Fig. 3): 6 states, 2 actions, exactly `depth` moves',
  options: { depth: { type: 'integer', default: 3, description: 'moves per trial' } },
  create: (options = {}) => createHuysTask(options),
};

/** A registry holding the environments of this package (a new one per call). */
export function createBuiltInRegistry(): EnvironmentRegistry {
  return new EnvironmentRegistry().register(mazePlugin).register(huysPlugin);
}

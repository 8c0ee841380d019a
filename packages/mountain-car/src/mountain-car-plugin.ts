import { ENVIRONMENT_SPECIFICATION_VERSION, type EnvironmentPlugin } from '@dra/core';
import { MountainCar, type MountainCarOptions } from './mountain-car.js';

/** The mountain-car plugin: register it with `registry.register(mountainCarPlugin)`. */
export const mountainCarPlugin: EnvironmentPlugin<Required<MountainCarOptions>> = {
  specificationVersion: ENVIRONMENT_SPECIFICATION_VERSION,
  id: 'mountain-car',
  description: 'mountain car (DRA paper, Fig. 2): classic dynamics, 3 actions, the paper 19 x 15 state grid',
  options: { maxSteps: { type: 'integer', default: 200, description: 'time limit of one episode (truncation)' } },
  create: (options = {}) => new MountainCar(options),
};

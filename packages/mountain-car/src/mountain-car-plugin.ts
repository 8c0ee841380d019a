import { ENVIRONMENT_SPECIFICATION_VERSION, type EnvironmentPlugin } from '@dra/core';
import { MountainCar, type MountainCarOptions } from './mountain-car.js';

/** The mountain-car plugin: register it with `registry.register(mountainCarPlugin)`. */
export const mountainCarPlugin: EnvironmentPlugin<Required<MountainCarOptions>> = {
  specificationVersion: ENVIRONMENT_SPECIFICATION_VERSION,
  id: 'mountain-car',
  description: 'mountain car (DRA paper, Fig. 2): classic dynamics, 3 actions, the paper 19 x 15 state grid',
  options: { maxSteps: { type: 'integer', default: 200, description: 'time limit of one episode (truncation)' } },
  // docs/tasks.md 3: beta_e = min(1.5^(e / 1000), 10), q initialised uniform in [-1, 1].
  paperSettings: {
    estimator: 'A',
    episodes: 5000,
    lambda: 0.1,
    beta: 1,
    betaSchedule: { growth: 1.5, every: 1000, max: 10 },
    sigma0: 1,
    sigmaBase: 5,
    sigmaMin: 0.01,
    sigmaMax: 10,
    qInit: [-1, 1],
    gamma: 1,
    alphaQ: 0.2,
    alphaSigma: 0.1,
    nTraj: 10,
    evalEvery: 100,
    evalRollouts: 100,
  },
  create: (options = {}) => new MountainCar(options),
};

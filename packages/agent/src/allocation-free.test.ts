import v8 from 'node:v8';
import vm from 'node:vm';
import { type Environment, MemoryTable, Rng, SigmaStepper } from '@dra/core';
import { createBuiltInRegistry } from '@dra/environments';
import { MountainCar } from '@dra/mountain-car';
import { createObjective, type ObjectiveSettings } from '@dra/objectives';
import { SoftThompson } from '@dra/policies';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from './run-settings.js';
import type { TrainOptions } from './train.js';
import { chooseTrainingPath, trainingPhases } from './training-phases.js';

// The hot loops of training allocate nothing: every kernel phase (learning episode, gradient
// rollouts, evaluation rollouts) and the sigma step, per episode, on every path the kernel runs.
// Measured as the growth of V8's used heap over 200 episodes after a full collection; the least
// of several tries, since the test runner allocates in the background. Oracle: any allocation per step
// (16 bytes or more) would show as more than a megabyte, one per episode as 3 kilobytes; the
// bound is 2 kilobytes, what taking the measurement itself costs.

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
const usedHeap = () => v8.getHeapStatistics().used_heap_size;
const BOUND = 2048;
const EPISODES = 200;

/**
 * The least heap growth over `EPISODES` calls of `work`, of up to 10 tries, after 1000 untimed
 * calls: until the optimising compiler (on a background thread) has installed the code, the
 * interpreter boxes every double it computes.
 */
function leastAllocated(work: () => void): number {
  for (let e = 0; e < 1000; e++) work();
  let least = Infinity;
  for (let attempt = 0; attempt < 10 && least > BOUND; attempt++) {
    collectGarbage();
    const before = usedHeap();
    for (let e = 0; e < EPISODES; e++) work();
    least = Math.min(least, usedHeap() - before);
  }
  return least;
}

const registry = createBuiltInRegistry();
const maze = () => registry.create('maze', { switchAt: null, maxSteps: 100_000 });
const CASES: [string, () => Environment, Partial<ObjectiveSettings>][] = [
  ["maze, DRA 'A'", maze, { objective: 'dra', estimator: 'A' }],
  ["maze, DRA 'Q'", maze, { objective: 'dra', estimator: 'Q' }],
  ["maze, DRA 'R'", maze, { objective: 'dra', estimator: 'R' }],
  ['maze, DRA causal', maze, { objective: 'dra', estimator: 'causal' }],
  ['maze, Eq. 8 causal', maze, { objective: 'eq8', estimator: 'causal' }],
  ['maze, Eq. 8 full', maze, { objective: 'eq8', estimator: 'full' }],
  ['maze, Eq. 10 causal, T_ref 10', maze, { objective: 'eq10', estimator: 'causal', tRef: 10 }],
  ['maze, Eq. 10 causal, realised length', maze, { objective: 'eq10', estimator: 'causal', tRef: 'realised' }],
  ["planning task, 'R'", () => registry.create('huys', { depth: 3 }), { objective: 'dra', estimator: 'R' }],
  ["mountain car, 'A'", () => new MountainCar(), { objective: 'dra', estimator: 'A' }],
];

describe('the training loop allocates nothing per episode on the kernel paths', () => {
  it.each(CASES)('%s: learning, gradient rollouts, sigma step (Adam), evaluation rollouts', (_, environmentOf, objectiveSettings) => {
    const environment = environmentOf();
    const memory = new MemoryTable(environment.actionCounts, { sigma: 3 });
    const policy = new SoftThompson({ beta: 10 });
    const objective = createObjective({ lambda: 0.1, sigmaBase: 5, ...objectiveSettings } as ObjectiveSettings);
    const options = { ...defaultSettings('maze'), environment, policy, objective, memory, rng: Rng.create(1) } as TrainOptions;
    const chosen = chooseTrainingPath(environment, policy, objective, { memory });
    expect([chosen.path.path, chosen.path.gradient]).toEqual(['kernel', 'kernel']);
    const streams = { learning: Rng.create(1), gradient: Rng.create(2), evaluation: Rng.create(3) };
    const phases = trainingPhases(options, chosen, streams);
    const stepper = new SigmaStepper('adam', memory.size);
    const kernel = chosen.kernel!;
    expect(leastAllocated(() => phases.learn()), 'learning episode').toBeLessThanOrEqual(BOUND);
    expect(leastAllocated(() => phases.gradient()), 'gradient rollouts').toBeLessThanOrEqual(BOUND);
    expect(leastAllocated(() => stepper.step(memory.sigma, phases.gradientSum, 0.01, 0.01, 100, memory.known)), 'sigma step').toBeLessThanOrEqual(BOUND);
    expect(leastAllocated(() => kernel.evaluationRollouts(memory, streams.evaluation, policy.beta, 10, phases.statistics)), 'evaluation rollouts').toBeLessThanOrEqual(BOUND);
  });

  it('the measurement sees an allocation of one small object per episode (the oracle of the bound)', () => {
    const kept: number[][] = [];
    expect(leastAllocated(() => kept.push([kept.length]))).toBeGreaterThan(BOUND);
  });
});

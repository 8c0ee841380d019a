// The exact evaluator on the maze (54 cells x 4 actions, absorbing goal, no step cap):
// median wall time of one exact value-and-gradient evaluation, beside a Monte Carlo
// evaluation of the same memory (10^4 rollouts with the causal estimator) timed in the
// same run. Memories: one trained for 300 episodes (paper settings) and the slowest case
// for the quadrature, every sigma at sigma_base = 5 (beta sigma = 50).
import { defaultSettings, rollout, runExperiment } from '@dra/agent';
import { MemoryTable, Rng, TrajectoryBuffer } from '@dra/core';
import { createBuiltInRegistry } from '@dra/environments';
import { createObjective, evaluateExactly } from '@dra/objectives';
import { SoftThompson } from '@dra/policies';

const REPEAT = 5;
const ROLLOUTS = 10_000;
const registry = createBuiltInRegistry();
const maze = registry.create('maze', {});
const settings = { ...defaultSettings('maze', registry), episodes: 300, seed: 2 };
const trained = MemoryTable.fromRows(runExperiment(settings, { registry }).memory);
const flat = MemoryTable.fromRows(trained.toRows());
flat.sigma.fill(settings.sigmaBase);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const time = (work) => {
  work();
  const seconds = [];
  for (let i = 0; i < REPEAT; i++) {
    const start = performance.now();
    work();
    seconds.push((performance.now() - start) / 1000);
  }
  return median(seconds);
};

function monteCarlo(memory, objective) {
  const policy = new SoftThompson({ beta: settings.beta });
  const rng = Rng.create(1);
  const buffer = new TrajectoryBuffer(memory.maxActions, 1024);
  const gradient = new Float64Array(memory.size);
  for (let e = 0; e < ROLLOUTS; e++) {
    rollout(maze, policy, memory, rng, buffer);
    objective.accumulateEpisode(buffer, memory, policy, gradient);
  }
  objective.finishGradient(memory, gradient, ROLLOUTS);
}

const cost = { beta: settings.beta, lambda: settings.lambda, sigmaBase: settings.sigmaBase };
console.log(`exact maze evaluation, median of ${REPEAT} (target: well under 1 s)`);
for (const [name, memory] of [['trained 300 episodes', trained], ['every sigma = 5', flat]]) {
  for (const [label, options] of [['dra', { objective: 'dra' }], ['eq10, realised length', { objective: 'eq10', tRef: 'realised' }]]) {
    const exact = time(() => evaluateExactly(maze.model, memory, { ...options, ...cost }));
    const objective = createObjective({ ...options, estimator: 'causal', lambda: cost.lambda, sigmaBase: cost.sigmaBase });
    const sampled = time(() => monteCarlo(memory, objective));
    console.log(`  ${name}, ${label}: exact ${exact.toFixed(3)} s; ${ROLLOUTS} rollouts ${sampled.toFixed(3)} s; ratio exact / rollouts ${(exact / sampled).toFixed(2)}`);
  }
}

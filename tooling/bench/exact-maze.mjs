// The exact evaluator on the maze (54 cells x 4 actions, absorbing goal, no step cap):
// median wall time of one exact value-and-gradient evaluation, beside its target and beside
// a Monte Carlo evaluation of the same memory (10^4 rollouts with the causal estimator) timed
// in the same run. Memories: one trained for 300 episodes (paper settings) and every sigma at
// sigma_base = 5 (beta sigma = 50). Then the cached re-evaluation of `ExactEvaluator` after
// one state's sigma changes, as in ascent on the exact gradient. Pin to one core for stable
// numbers: taskset -c 1 node tooling/bench/exact-maze.mjs
import { defaultSettings, rollout, runExperiment } from '@dra/agent';
import { MemoryTable, Rng, TrajectoryBuffer } from '@dra/core';
import { createBuiltInRegistry } from '@dra/environments';
import { createObjective, evaluateExactly, ExactEvaluator, exactFormOf } from '@dra/objectives';
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
/** Median seconds of `work` over REPEAT runs after one warm-up run; `prepare` runs untimed before each. */
const time = (work, prepare = () => {}) => {
  prepare();
  work();
  const seconds = [];
  for (let i = 0; i < REPEAT; i++) {
    prepare();
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
const objectives = [['dra', { objective: 'dra' }], ['eq10, realised length', { objective: 'eq10', tRef: 'realised' }]];
const memories = [['trained 300 episodes', trained, 0.1], ['every sigma = 5', flat, 0.25]];
console.log(`exact maze evaluation, median of ${REPEAT} after a warm-up`);
for (const [name, memory, target] of memories) {
  for (const [label, options] of objectives) {
    const exact = time(() => evaluateExactly(maze.model, memory, { ...options, ...cost }));
    const objective = createObjective({ ...options, estimator: 'causal', lambda: cost.lambda, sigmaBase: cost.sigmaBase });
    const sampled = time(() => monteCarlo(memory, objective));
    const verdict = exact < target ? 'met' : 'MISSED';
    console.log(`  ${name}, ${label}: exact ${exact.toFixed(3)} s (target < ${target} s: ${verdict}); ${ROLLOUTS} rollouts ${sampled.toFixed(3)} s`);
  }
}

// One state's sigma moves between two values before every timed call, so each call recomputes one state.
console.log('cached re-evaluation (ExactEvaluator) after one state\'s sigma changes, median of 5');
for (const [name, source] of memories) {
  for (const [label, options] of objectives) {
    const memory = MemoryTable.fromRows(source.toRows());
    const form = exactFormOf({ ...options, ...cost }, maze.model.horizon);
    const evaluator = new ExactEvaluator();
    const at = memory.actionStart[20] + 1;
    const sigma = memory.sigma[at];
    let flip = 0;
    const change = () => {
      memory.sigma[at] = (flip ^= 1) ? sigma * 1.01 : sigma;
    };
    evaluator.evaluate(maze.model, memory, form, cost.beta); // fills the cache
    const before = evaluator.computedStates;
    const seconds = time(() => evaluator.evaluate(maze.model, memory, form, cost.beta), change);
    const perCall = (evaluator.computedStates - before) / (REPEAT + 1);
    console.log(`  ${name}, ${label}: ${seconds.toFixed(4)} s (${perCall.toFixed(0)} state recomputed per call)`);
  }
}

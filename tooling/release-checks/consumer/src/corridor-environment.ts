// A new environment written in the user's own project: a corridor of `length` cells, start at
// the left end, actions left and right, -1 per step, terminated on reaching the right end.
import { defaultSettings, runExperiment } from '@dra/agent';
import { ENVIRONMENT_SPECIFICATION_VERSION, type Environment, type EnvironmentPlugin, type Rng } from '@dra/core';
import { createBuiltInRegistry } from '@dra/environments';
import { assertEnvironmentConformance } from '@dra/environments/testing';

class Corridor implements Environment {
  readonly specificationVersion = ENVIRONMENT_SPECIFICATION_VERSION;
  readonly id = 'corridor';
  readonly stateCount: number;
  readonly actionCounts: Int32Array;
  readonly horizon = Infinity;
  readonly model = undefined;
  state = 0;
  terminated = false;
  truncated = false;
  private steps = 0;

  constructor(readonly length: number, readonly maxSteps: number) {
    this.stateCount = length;
    this.actionCounts = new Int32Array(length).fill(2);
  }

  reset(_rng: Rng): number {
    this.state = 0;
    this.steps = 0;
    this.terminated = false;
    this.truncated = false;
    return this.state;
  }

  step(action: number, _rng: Rng): number {
    if (this.terminated || this.truncated) throw new Error('the episode has ended; call reset');
    if (action !== 0 && action !== 1) throw new RangeError(`action must be 0 or 1, got ${action}`);
    this.state = Math.max(0, Math.min(this.length - 1, this.state + (action === 1 ? 1 : -1)));
    this.steps++;
    this.terminated = this.state === this.length - 1;
    this.truncated = !this.terminated && this.steps >= this.maxSteps;
    return -1;
  }
}

const corridorPlugin: EnvironmentPlugin<{ length: number }> = {
  specificationVersion: ENVIRONMENT_SPECIFICATION_VERSION,
  id: 'corridor',
  description: 'a corridor: walk right to the end, -1 per step',
  options: { length: { type: 'integer', default: 6, description: 'cells in the corridor' } },
  create: (options = {}) => new Corridor(options.length ?? 6, 200),
};

const registry = createBuiltInRegistry().register(corridorPlugin);
assertEnvironmentConformance(() => registry.create('corridor'));
const record = runExperiment({ ...defaultSettings('corridor', registry), episodes: 500, seed: 2, gamma: 0.95, sigma0: 1 }, { registry });
const first = record.curve[0]!.return;
// Shortest walk: 5 steps, return -5 (closed form); the first evaluations, near random, take far longer.
if (!(record.final.return > -8 && first < record.final.return)) throw new Error(`corridor did not learn: return ${first} -> ${record.final.return}`);
console.log(`corridor plugin: conformance kit passed; return ${first.toFixed(1)} -> ${record.final.return.toFixed(2)} (best -5)`);

import { BadInputError, buildTabularModel, type Environment, ENVIRONMENT_SPECIFICATION_VERSION, type KernelModel, type Outcome, type Rng, type TabularModel } from '@dra/core';

/**
 * A new environment in one file, for self-described-plugins.test.ts: a corridor of `length`
 * cells and a goal. From cell s, 'forward' (action 0) moves to s + 1 (reward -1, or +10 on
 * reaching the goal, which ends the episode) and 'back' (action 1) to max(s - 1, 0) (reward -1).
 * Episodes start in cell 0 and are truncated after `maxSteps` steps.
 *
 * It implements the Environment contract itself (no TabularEnvironment) and steps with its own
 * arithmetic. It declares `kernelModel`: its moves have one outcome each and its start is fixed,
 * so it draws nothing, exactly as a `KernelModel` with this model would; and it withdraws the
 * declaration when a subclass replaces `reset` or `step`, as the contract asks. With
 * `declareKernelModel: false` it declares nothing.
 */
export class ChainEnvironment implements Environment {
  readonly specificationVersion = ENVIRONMENT_SPECIFICATION_VERSION;
  readonly id = 'chain';
  readonly stateCount: number;
  readonly actionCounts: Int32Array;
  readonly horizon = Infinity;
  readonly model: TabularModel;
  readonly length: number;
  readonly maxSteps: number;
  state = 0;
  terminated = false;
  truncated = false;
  private steps = 0;
  private readonly declares: boolean;

  constructor(options: { length: number; maxSteps: number; declareKernelModel?: boolean }) {
    if (!(Number.isInteger(options.length) && options.length >= 1)) throw new BadInputError(`length must be a whole number >= 1, got ${options.length}`);
    this.length = options.length;
    this.maxSteps = options.maxSteps;
    this.declares = options.declareKernelModel ?? true;
    this.stateCount = options.length + 1;
    this.actionCounts = Int32Array.from({ length: this.stateCount }, (_, s) => (s < options.length ? 2 : 0));
    this.model = chainModel(options.length);
  }

  /** This chain's sampling as a `KernelModel` while `reset` and `step` are this class's; else null. */
  get kernelModel(): KernelModel | null {
    const own = ChainEnvironment.prototype;
    if (!this.declares || this.reset !== own.reset || this.step !== own.step) return null;
    return { model: this.model, fixedStartState: 0, stepLimit: this.maxSteps };
  }

  reset(_rng: Rng): number {
    this.state = 0;
    this.steps = 0;
    this.terminated = false;
    this.truncated = false;
    return 0;
  }

  step(action: number, _rng: Rng): number {
    const s = this.state;
    this.state = action === 0 ? s + 1 : Math.max(s - 1, 0);
    this.steps++;
    this.terminated = this.state === this.length;
    this.truncated = !this.terminated && this.steps >= this.maxSteps;
    return this.terminated ? 10 : -1;
  }
}

/** The chain as a tabular model (for the exact evaluator and the kernel). */
function chainModel(length: number): TabularModel {
  const actions: Outcome[][][] = [];
  for (let s = 0; s < length; s++) {
    const forward = s + 1;
    actions.push([[{ next: forward, probability: 1, reward: forward === length ? 10 : -1 }], [{ next: Math.max(s - 1, 0), probability: 1, reward: -1 }]]);
  }
  actions.push([]);
  const start = Array.from({ length: length + 1 }, (_, s) => (s === 0 ? 1 : 0));
  return buildTabularModel({ actions, start, terminal: Array.from({ length: length + 1 }, (_, s) => s === length) });
}

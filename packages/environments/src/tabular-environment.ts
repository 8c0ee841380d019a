import { BadInputError, type Environment, ENVIRONMENT_SPECIFICATION_VERSION, type KernelModel, type Rng, type TabularModel } from '@dra/core';

/** Options shared by environments that step a tabular model. */
export interface TabularEnvironmentOptions {
  /** Identifier shown in run records. */
  id?: string;
  /**
   * Safety cap on the number of steps of one episode (a time limit: the episode is
   * truncated, not terminated). Default: the model's horizon, else 100 000.
   */
  maxSteps?: number;
  /** A name per state, for printed trajectories (default: the index). */
  stateNames?: readonly string[];
  /** The action names of every state (default: the indices). */
  actionNames?: readonly (readonly string[])[];
}

/** Time limit (truncation) of a tabular episode when none is given. */
export const DEFAULT_MAX_STEPS = 100_000;

/**
 * An environment that samples a known tabular MDP. Deterministic transitions take no
 * random draw; a one-hot start distribution neither. An episode ends when it enters a
 * terminal state (`terminated`) or reaches min(horizon, maxSteps) steps (`truncated`).
 *
 * `kernelModel` declares this sampling (`KernelModel` of @dra/core), so the WebAssembly
 * episodes of @dra/agent may run it from the model (they mirror `reset` and `step`;
 * docs/kernel-mirror.md). A subclass that replaces `reset` or `step` loses the declaration
 * (`kernelModel` is null) and its episodes run through its own methods; one whose replacement
 * samples the same way may override `kernelModel` to claim it back. A subclass that only swaps
 * models (`setModel`, as GridWorld does) keeps it.
 */
export class TabularEnvironment implements Environment, KernelModel {
  readonly specificationVersion = ENVIRONMENT_SPECIFICATION_VERSION;
  readonly id: string;
  readonly stateCount: number;
  readonly actionCounts: Int32Array;
  readonly horizon: number;
  readonly maxSteps: number;
  state = 0;
  terminated = false;
  truncated = false;
  /** Steps taken in the current episode. */
  steps = 0;
  /** Steps after which an episode is truncated: min(maxSteps, horizon). */
  readonly stepLimit: number;
  protected current: TabularModel;
  private fixedStart: number;
  private readonly stateNames: readonly string[] | undefined;
  private readonly actionNames: readonly (readonly string[])[] | undefined;

  constructor(model: TabularModel, options: TabularEnvironmentOptions = {}) {
    this.id = options.id ?? 'tabular';
    this.current = model;
    this.stateCount = model.stateCount;
    this.actionCounts = new Int32Array(model.stateCount);
    for (let s = 0; s < model.stateCount; s++) this.actionCounts[s] = model.actionStart[s + 1]! - model.actionStart[s]!;
    this.horizon = model.horizon;
    const maxSteps = options.maxSteps ?? (Number.isFinite(model.horizon) ? model.horizon : DEFAULT_MAX_STEPS);
    if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new BadInputError(`maxSteps must be a whole number >= 1, got ${maxSteps}`);
    this.maxSteps = maxSteps;
    this.stepLimit = Math.min(maxSteps, model.horizon);
    this.fixedStart = oneHotIndex(model.start);
    if (options.stateNames !== undefined && options.stateNames.length !== model.stateCount) {
      throw new BadInputError(`stateNames has ${options.stateNames.length} names, the model has ${model.stateCount} states`);
    }
    this.stateNames = options.stateNames;
    this.actionNames = options.actionNames;
  }

  /** The state's name as given, else its index. */
  stateName(state: number): string {
    return this.stateNames?.[state] ?? String(state);
  }

  /** The action's name as given, else its index. */
  actionName(state: number, action: number): string {
    return this.actionNames?.[state]?.[action] ?? String(action);
  }

  get model(): TabularModel {
    return this.current;
  }

  /** This environment as its own `KernelModel` while `reset` and `step` are this class's; else null. */
  get kernelModel(): KernelModel | null {
    const own = TabularEnvironment.prototype;
    return this.reset === own.reset && this.step === own.step ? this : null;
  }

  /** The start state when the model's start distribution is one-hot, else -1 (a draw per episode). */
  get fixedStartState(): number {
    return this.fixedStart;
  }

  /**
   * Replaces the model (same states and actions), e.g. for a scheduled change: the way to
   * change the world, since models are not edited in place (see `TabularModel`).
   */
  protected setModel(model: TabularModel): void {
    if (model.stateCount !== this.stateCount) throw new BadInputError('a replacement model must have the same states');
    for (let s = 0; s <= model.stateCount; s++) {
      if (model.actionStart[s] !== this.current.actionStart[s]) throw new BadInputError('a replacement model must have the same actions');
    }
    this.current = model;
    this.fixedStart = oneHotIndex(model.start);
  }

  /** Starts an episode in the model's start state (a draw from `rng` when the start is not fixed). Mirrored in WebAssembly: assembly/wasm-kernel.ts `reset`. */
  reset(rng: Rng): number {
    let s = this.fixedStart;
    if (s < 0) {
      const start = this.current.start;
      const u = rng.uniform();
      let cumulative = 0;
      s = this.stateCount - 1;
      for (let i = 0; i < this.stateCount; i++) {
        cumulative += start[i]!;
        if (u < cumulative) {
          s = i;
          break;
        }
      }
      while (start[s] === 0 && s > 0) s--; // rounding at the very end: last state with mass
    }
    return this.begin(s);
  }

  /** Starts an episode in the tabular state `start[0]` (any state of the model). */
  resetTo(start: ArrayLike<number>): number {
    const s = start[0];
    if (start.length !== 1 || s === undefined || !Number.isInteger(s) || s < 0 || s >= this.stateCount) {
      throw new BadInputError(`start must be one tabular state index in 0..${this.stateCount - 1}, got ${Array.from(start).join(',')}`);
    }
    return this.begin(s);
  }

  private begin(s: number): number {
    this.state = s;
    this.steps = 0;
    this.terminated = this.current.terminal[s] === 1;
    this.truncated = false;
    return s;
  }

  /**
   * Takes `action` by the model's transition probabilities (drawn from `rng`) and returns the reward.
   * Mirrored in WebAssembly: assembly/wasm-kernel.ts `outcome` and the step of each episode loop.
   */
  step(action: number, rng: Rng): number {
    if (this.terminated || this.truncated) throw new Error('step() after the episode ended: call reset() first');
    const m = this.current;
    const first = m.actionStart[this.state]!;
    if (!(action >= 0 && action < m.actionStart[this.state + 1]! - first) || action !== (action | 0)) {
      throw new BadInputError(`action ${action} is outside the ${m.actionStart[this.state + 1]! - first} actions of state ${this.state}`);
    }
    const i = first + action;
    let j = m.transitionStart[i]!;
    const end = m.transitionStart[i + 1]!;
    if (end - j > 1) {
      const u = rng.uniform();
      let cumulative = m.probability[j]!;
      while (u >= cumulative && j < end - 1) {
        j++;
        cumulative += m.probability[j]!;
      }
    }
    const next = m.nextState[j]!;
    this.state = next;
    this.steps++;
    this.terminated = m.terminal[next] === 1;
    this.truncated = !this.terminated && this.steps >= this.stepLimit;
    return m.reward[j]!;
  }
}

/** The index of a one-hot distribution, or -1. */
function oneHotIndex(p: Float64Array): number {
  for (let i = 0; i < p.length; i++) if (p[i] === 1) return i;
  return -1;
}

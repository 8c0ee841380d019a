import { BadInputError } from './errors.js';
/**
 * One rollout, step by step, in preallocated typed arrays: the state, action and reward
 * of every step, and per step the K noise draws zeta and the K action probabilities p the
 * policy used (rows of `maxActions` entries; a state with fewer actions uses the head of
 * its row). Written by the rollout, read by objectives. It grows by doubling when a
 * rollout outlasts its capacity, so after warm-up nothing is allocated per step.
 */
export class TrajectoryBuffer {
  readonly maxActions: number;
  length = 0;
  /** The episode ended in a terminal state (as opposed to a time limit or still running). */
  terminated = false;
  /** The episode was cut by a time limit. */
  truncated = false;
  states: Int32Array;
  actions: Int32Array;
  rewards: Float64Array;
  zeta: Float64Array;
  probabilities: Float64Array;

  constructor(maxActions: number, capacity = 256) {
    if (!Number.isInteger(maxActions) || maxActions < 1) throw new BadInputError(`maxActions must be a whole number >= 1, got ${maxActions}`);
    this.maxActions = maxActions;
    const cap = Math.max(1, Math.floor(capacity));
    this.states = new Int32Array(cap);
    this.actions = new Int32Array(cap);
    this.rewards = new Float64Array(cap);
    this.zeta = new Float64Array(cap * maxActions);
    this.probabilities = new Float64Array(cap * maxActions);
  }

  get capacity(): number {
    return this.states.length;
  }

  /** Empties the buffer for a new episode (keeps its capacity). */
  clear(): void {
    this.length = 0;
    this.terminated = false;
    this.truncated = false;
  }

  /** Opens step t = length for `state` and returns t; the policy then fills row t. */
  push(state: number): number {
    const t = this.length;
    if (t === this.states.length) this.grow();
    this.states[t] = state;
    this.length = t + 1;
    return t;
  }

  /** Offset of step t's row in `zeta` and `probabilities`. */
  row(t: number): number {
    return t * this.maxActions;
  }

  private grow(): void {
    const cap = this.states.length * 2;
    const k = this.maxActions;
    const states = new Int32Array(cap);
    states.set(this.states);
    const actions = new Int32Array(cap);
    actions.set(this.actions);
    const rewards = new Float64Array(cap);
    rewards.set(this.rewards);
    const zeta = new Float64Array(cap * k);
    zeta.set(this.zeta);
    const probabilities = new Float64Array(cap * k);
    probabilities.set(this.probabilities);
    this.states = states;
    this.actions = actions;
    this.rewards = rewards;
    this.zeta = zeta;
    this.probabilities = probabilities;
  }
}

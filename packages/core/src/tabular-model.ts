import { BadInputError } from './errors.js';
/**
 * A known tabular MDP, as flat typed arrays (compressed rows), for exact evaluation and
 * for environments that step by sampling it. Memory slot i = actionStart[s] + a is also
 * the (s, a) pair's index here; its outcomes are
 * `transitionStart[i] .. transitionStart[i + 1] - 1`, each with a next state, a
 * probability and a reward r(s, a, s').
 * Treat a model as immutable once an environment steps it: a world that changes swaps in a
 * new model (as `GridWorld` does at a scheduled change) rather than editing the arrays.
 */
export interface TabularModel {
  readonly stateCount: number;
  /** Length stateCount + 1, the same layout as the memory table. */
  readonly actionStart: Int32Array;
  /** Length actionStart[stateCount] + 1. */
  readonly transitionStart: Int32Array;
  readonly nextState: Int32Array;
  readonly probability: Float64Array;
  readonly reward: Float64Array;
  /** Start distribution p0, length stateCount. */
  readonly start: Float64Array;
  /** 1 for absorbing terminal states (the episode ends on entering them). */
  readonly terminal: Uint8Array;
  /** Fixed episode length T (the task always runs T moves unless it terminates), or Infinity. */
  readonly horizon: number;
}

/** One outcome of taking an action: where it leads, how likely, and the reward. */
export interface Outcome {
  next: number;
  probability: number;
  reward: number;
}

/** Friendly description of a tabular MDP: for every state, for every action, its outcomes. */
export interface TabularModelSpec {
  actions: Outcome[][][];
  start: ArrayLike<number>;
  terminal?: ArrayLike<boolean | number>;
  horizon?: number;
}

const PROBABILITY_TOLERANCE = 1e-12;

/** Builds and checks a `TabularModel`; errors name the state, action and rule broken. */
export function buildTabularModel(spec: TabularModelSpec): TabularModel {
  const stateCount = spec.actions.length;
  if (stateCount === 0) throw new BadInputError('a tabular model needs at least one state');
  const actionStart = new Int32Array(stateCount + 1);
  let outcomes = 0;
  for (let s = 0; s < stateCount; s++) {
    const acts = spec.actions[s]!;
    actionStart[s + 1] = actionStart[s]! + acts.length;
    for (const list of acts) outcomes += list.length;
  }
  const slots = actionStart[stateCount]!;
  const transitionStart = new Int32Array(slots + 1);
  const nextState = new Int32Array(outcomes);
  const probability = new Float64Array(outcomes);
  const reward = new Float64Array(outcomes);
  let j = 0;
  for (let s = 0; s < stateCount; s++) {
    const acts = spec.actions[s]!;
    for (let a = 0; a < acts.length; a++) {
      const i = actionStart[s]! + a;
      transitionStart[i] = j;
      const list = acts[a]!;
      if (list.length === 0) throw new BadInputError(`state ${s}, action ${a}: no outcomes`);
      let total = 0;
      for (const o of list) {
        if (!Number.isInteger(o.next) || o.next < 0 || o.next >= stateCount) {
          throw new BadInputError(`state ${s}, action ${a}: next state ${o.next} is outside 0..${stateCount - 1}`);
        }
        if (!(o.probability >= 0 && o.probability <= 1)) {
          throw new BadInputError(`state ${s}, action ${a}: probability ${o.probability} is outside [0, 1]`);
        }
        if (!Number.isFinite(o.reward)) throw new BadInputError(`state ${s}, action ${a}: reward ${o.reward} is not finite`);
        nextState[j] = o.next;
        probability[j] = o.probability;
        reward[j] = o.reward;
        total += o.probability;
        j++;
      }
      if (Math.abs(total - 1) > PROBABILITY_TOLERANCE) {
        throw new BadInputError(`state ${s}, action ${a}: outcome probabilities sum to ${total}, not 1`);
      }
    }
  }
  transitionStart[slots] = j;
  if (spec.start.length !== stateCount) throw new BadInputError(`start distribution has ${spec.start.length} entries, expected ${stateCount}`);
  const start = Float64Array.from(spec.start);
  let startTotal = 0;
  for (let s = 0; s < stateCount; s++) {
    if (!(start[s]! >= 0)) throw new BadInputError(`start probability of state ${s} is ${start[s]}`);
    startTotal += start[s]!;
  }
  if (Math.abs(startTotal - 1) > PROBABILITY_TOLERANCE) throw new BadInputError(`start probabilities sum to ${startTotal}, not 1`);
  const terminal = new Uint8Array(stateCount);
  if (spec.terminal) {
    if (spec.terminal.length !== stateCount) throw new BadInputError(`terminal flags have ${spec.terminal.length} entries, expected ${stateCount}`);
    for (let s = 0; s < stateCount; s++) terminal[s] = spec.terminal[s] ? 1 : 0;
  }
  const horizon = spec.horizon ?? Infinity;
  if (!(horizon === Infinity || (Number.isInteger(horizon) && horizon >= 1))) {
    throw new BadInputError(`horizon must be a whole number >= 1 or Infinity, got ${horizon}`);
  }
  for (let s = 0; s < stateCount; s++) {
    if (terminal[s] === 0 && actionStart[s + 1] === actionStart[s]) {
      throw new BadInputError(`state ${s} is live but has no actions`);
    }
  }
  return { stateCount, actionStart, transitionStart, nextState, probability, reward, start, terminal, horizon };
}

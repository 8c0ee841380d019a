import { BadInputError, type TabularModel } from '@dra/core';

/** The optimum of a tabular model over a number of moves, from value iteration. */
export interface OptimalValues {
  /** V*(s): the best expected (discounted) return from each state with `steps` moves left. */
  values: Float64Array;
  /** A best first action of each state (-1 for states without actions). */
  policy: Int32Array;
  /** The start distribution's expectation of V*: the best any policy can do. */
  startValue: number;
}

/**
 * Finite-horizon value iteration on the model:
 * V_0 = 0, V_k(s) = max_a sum_s' p(s'|s,a) (r(s,a,s') + gamma V_{k-1}(s')), and V_k = 0 at
 * terminal states. With k = the episode's step limit it is the exact optimum of the task as
 * the agent meets it (a time limit cuts episodes off); on FrozenLake with gamma = 1 and its
 * reward of 1 at the goal, `startValue` is the best possible success rate.
 */
export function optimalValues(model: TabularModel, options: { steps: number; gamma?: number }): OptimalValues {
  const gamma = options.gamma ?? 1;
  const steps = Math.min(options.steps, model.horizon);
  if (!(Number.isInteger(steps) && steps >= 1)) throw new BadInputError(`steps must be a whole number >= 1, got ${options.steps}`);
  if (!(gamma >= 0 && gamma <= 1)) throw new BadInputError(`gamma must be in [0, 1], got ${gamma}`);
  const n = model.stateCount;
  let previous = new Float64Array(n);
  let values = new Float64Array(n);
  const policy = new Int32Array(n).fill(-1);
  for (let k = 0; k < steps; k++) {
    for (let s = 0; s < n; s++) {
      const first = model.actionStart[s]!;
      const count = model.actionStart[s + 1]! - first;
      if (model.terminal[s] === 1 || count === 0) {
        values[s] = 0;
        continue;
      }
      let best = -Infinity;
      for (let a = 0; a < count; a++) {
        const i = first + a;
        let q = 0;
        for (let j = model.transitionStart[i]!; j < model.transitionStart[i + 1]!; j++) {
          q += model.probability[j]! * (model.reward[j]! + gamma * previous[model.nextState[j]!]!);
        }
        if (q > best) {
          best = q;
          policy[s] = a;
        }
      }
      values[s] = best;
    }
    [previous, values] = [values, previous];
  }
  let startValue = 0;
  for (let s = 0; s < n; s++) startValue += model.start[s]! * previous[s]!;
  return { values: previous, policy, startValue };
}

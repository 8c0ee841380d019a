import type { MemoryTable, TabularModel } from '@dra/core';
import { solveLinear } from './linear-solve.js';
import type { StateMoments } from './state-moments.js';

/** Occupancies d[t, s] (layers x S), action values Q[t, i] (layers x slots) and visits = sum_t d. */
export interface Solution {
  layers: number;
  occupancy: Float64Array;
  q: Float64Array;
  visits: Float64Array;
}

/**
 * docs/math.md 4.3, finite horizon: backward values, forward occupancies. `rbar` is the reward term
 * per memory (the expected reward times the form's returnWeight) and `c` the per-step state term.
 */
export function finiteHorizon(model: TabularModel, memory: MemoryTable, live: Uint8Array, moments: readonly (StateMoments | null)[], rbar: Float64Array, c: Float64Array): Solution {
  const T = model.horizon;
  const S = model.stateCount;
  const slots = memory.size;
  const start = memory.actionStart;
  const q = new Float64Array(T * slots);
  let next = new Float64Array(S); // V[t + 1, .], 0 beyond the horizon and at terminal states
  for (let t = T - 1; t >= 0; t--) {
    const v = new Float64Array(S);
    for (let s = 0; s < S; s++) {
      const m = moments[s];
      if (!live[s] || !m) continue;
      let value = c[s]!;
      for (let a = 0; a < start[s + 1]! - start[s]!; a++) {
        const i = start[s]! + a;
        let qa = rbar[i]!;
        for (let j = model.transitionStart[i]!; j < model.transitionStart[i + 1]!; j++) qa += model.probability[j]! * next[model.nextState[j]!]!;
        q[t * slots + i] = qa;
        value += m.pibar[a]! * qa;
      }
      v[s] = value;
    }
    next = v;
  }
  const occupancy = new Float64Array(T * S);
  for (let s = 0; s < S; s++) occupancy[s] = live[s] ? model.start[s]! : 0;
  for (let t = 0; t + 1 < T; t++) {
    const next = (t + 1) * S;
    forEachLiveTransition(model, memory, live, moments, occupancy.subarray(t * S, next), (s2, mass) => {
      occupancy[next + s2]! += mass;
    });
  }
  const visits = new Float64Array(S);
  for (let t = 0; t < T; t++) for (let s = 0; s < S; s++) visits[s]! += occupancy[t * S + s]!;
  return { layers: T, occupancy, q, visits };
}

/** docs/math.md 4.3, absorbing task without a cap: V = (I - P_pi)^-1 (c + sum_a pibar rbar), visits = p0 (I - P_pi)^-1. */
export function absorbing(model: TabularModel, memory: MemoryTable, live: Uint8Array, moments: readonly (StateMoments | null)[], rbar: Float64Array, c: Float64Array): Solution {
  const S = model.stateCount;
  const slots = memory.size;
  const start = memory.actionStart;
  const A = new Float64Array(S * S); // I - P_pi on live states (identity rows elsewhere)
  const b = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    A[s * S + s] = 1;
    const m = moments[s];
    if (!live[s] || !m) continue;
    b[s] = c[s]!;
    for (let a = 0; a < start[s + 1]! - start[s]!; a++) {
      const i = start[s]! + a;
      b[s]! += m.pibar[a]! * rbar[i]!;
      for (let j = model.transitionStart[i]!; j < model.transitionStart[i + 1]!; j++) {
        const s2 = model.nextState[j]!;
        if (live[s2]) A[s * S + s2]! -= m.pibar[a]! * model.probability[j]!;
      }
    }
  }
  const v = solveLinear(A, b, S, false);
  const p0 = new Float64Array(S);
  for (let s = 0; s < S; s++) p0[s] = live[s] ? model.start[s]! : 0;
  const visits = solveLinear(A, p0, S, true);
  const q = new Float64Array(slots);
  for (let i = 0; i < slots; i++) {
    let qa = rbar[i]!;
    for (let j = model.transitionStart[i]!; j < model.transitionStart[i + 1]!; j++) {
      const s2 = model.nextState[j]!;
      if (live[s2]) qa += model.probability[j]! * v[s2]!;
    }
    q[i] = qa;
  }
  return { layers: 1, occupancy: visits, q, visits };
}

/** Calls visit(s', d[s] pibar[s,a] P[s,a,s']) for every live s' reached from a live s with d[s] > 0. */
export function forEachLiveTransition(
  model: TabularModel, memory: MemoryTable, live: Uint8Array, moments: readonly (StateMoments | null)[], d: Float64Array, visit: (next: number, mass: number) => void,
): void {
  const start = memory.actionStart;
  for (let s = 0; s < model.stateCount; s++) {
    const m = moments[s];
    if (d[s] === 0 || !m) continue;
    for (let a = 0; a < start[s + 1]! - start[s]!; a++) {
      const i = start[s]! + a;
      for (let j = model.transitionStart[i]!; j < model.transitionStart[i + 1]!; j++) {
        const s2 = model.nextState[j]!;
        if (live[s2]) visit(s2, d[s]! * m.pibar[a]! * model.probability[j]!);
      }
    }
  }
}

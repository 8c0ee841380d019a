import { BadInputError, type MemoryTable, type TabularModel } from '@dra/core';
import { forEachLiveTransition } from './dynamic-programming.js';
import type { StateMoments } from './state-moments.js';

/** Largest T x memories the realised-length recursion stores (two Float64Arrays of that size). */
const REALISED_CELLS = 40_000_000;
/** An absorbing task's recursion stops where the probability that the episode is still running is below this. */
const SURVIVAL_TOLERANCE = 1e-15;

/**
 * The horizon of the realised-length recursion: the model's fixed horizon, or, on an absorbing
 * task without one, the first step at which the chance of the episode still running is below
 * SURVIVAL_TOLERANCE (the episodes cut there change E[1/L sum H] by less than that chance times max H).
 */
export function realisedHorizon(model: TabularModel, memory: MemoryTable, live: Uint8Array, moments: readonly (StateMoments | null)[]): number {
  if (Number.isFinite(model.horizon)) return model.horizon;
  const S = model.stateCount;
  const limit = Math.floor(REALISED_CELLS / Math.max(1, memory.size));
  let d = new Float64Array(S);
  for (let s = 0; s < S; s++) d[s] = live[s] ? model.start[s]! : 0;
  for (let t = 1; t <= limit; t++) {
    const next = new Float64Array(S);
    let running = 0;
    forEachLiveTransition(model, memory, live, moments, d, (s2, mass) => {
      next[s2]! += mass;
      running += mass;
    });
    if (running < SURVIVAL_TOLERANCE) return t;
    d = next;
  }
  throw new BadInputError(`tRef 'realised': episodes are still running after ${limit} steps with probability above ${SURVIVAL_TOLERANCE}; give the task a horizon`);
}

/** The backward pass's per-memory tables m[t, i] and nextU[t, i] (T x memories) and U[0, .]. */
interface BackwardPass {
  mAt: Float64Array;
  nextU: Float64Array;
  u0: Float64Array;
}

/**
 * docs/math.md 4.4: J = E[(1/L) sum_{t<L} H_t] over episodes capped at T, by the backward recursion
 *   m[t,s,a] = sum_s' P (cont ? W[t+1,s'] : 1/(t+1)),  W[t,s] = sum_a pibar m,
 *   U[t,s] = sum_a ( hp[a] m[t,s,a] + pibar[a] sum_s' P cont U[t+1,s'] ),  J = sum_s p0 U[0,s],
 * with cont = (s' live and t+1 < T). Its gradient by an adjoint pass: the adjoint of U[t,.] is
 * the occupancy d[t,.]; that of W[t+1,s'] is nu[t+1,s'] = sum_{s,a} (d[t,s] hp[a] + nu[t,s] pibar[a]) P cont;
 *   dJ/dsigma[s,k] = sum_t d[t,s] sum_a (dhp[a,k] m + dpibar[a,k] nextU) + nu[t,s] sum_a dpibar[a,k] m,
 * where nextU[t,s,a] = sum_s' P cont U[t+1,s'].
 */
export function meanStepEntropy(
  model: TabularModel, memory: MemoryTable, live: Uint8Array, moments: readonly (StateMoments | null)[], T: number,
): { value: number; gradient: Float64Array } {
  const backward = backwardPass(model, memory, live, moments, T);
  let value = 0;
  const d = new Float64Array(model.stateCount);
  for (let s = 0; s < model.stateCount; s++) {
    d[s] = live[s] ? model.start[s]! : 0;
    value += d[s]! * backward.u0[s]!;
  }
  return { value, gradient: adjointPass(model, memory, live, moments, T, backward, d) };
}

/** The backward recursion of `meanStepEntropy`: m, nextU per step and memory, and U[0, .]. */
function backwardPass(model: TabularModel, memory: MemoryTable, live: Uint8Array, moments: readonly (StateMoments | null)[], T: number): BackwardPass {
  const S = model.stateCount;
  const slots = memory.size;
  const start = memory.actionStart;
  const mAt = new Float64Array(T * slots);
  const nextU = new Float64Array(T * slots);
  let W = new Float64Array(S); // W[t + 1, .]
  let U = new Float64Array(S); // U[t + 1, .]
  for (let t = T - 1; t >= 0; t--) {
    const w = new Float64Array(S);
    const u = new Float64Array(S);
    const last = t + 1 >= T;
    for (let s = 0; s < S; s++) {
      const mo = moments[s];
      if (!live[s] || !mo) continue;
      for (let a = 0; a < start[s + 1]! - start[s]!; a++) {
        const i = start[s]! + a;
        let mi = 0;
        let ui = 0;
        for (let j = model.transitionStart[i]!; j < model.transitionStart[i + 1]!; j++) {
          const s2 = model.nextState[j]!;
          const p = model.probability[j]!;
          if (live[s2] && !last) {
            mi += p * W[s2]!;
            ui += p * U[s2]!;
          } else {
            mi += p / (t + 1);
          }
        }
        mAt[t * slots + i] = mi;
        nextU[t * slots + i] = ui;
        w[s]! += mo.pibar[a]! * mi;
        u[s]! += mo.hp![a]! * mi + mo.pibar[a]! * ui;
      }
    }
    W = w;
    U = u;
  }
  return { mAt, nextU, u0: U };
}

/** The adjoint pass of `meanStepEntropy` from the start occupancy `d`: dJ / dsigma per memory. */
function adjointPass(
  model: TabularModel, memory: MemoryTable, live: Uint8Array, moments: readonly (StateMoments | null)[], T: number, backward: BackwardPass, start0: Float64Array,
): Float64Array {
  const S = model.stateCount;
  const slots = memory.size;
  const start = memory.actionStart;
  const { mAt, nextU } = backward;
  const gradient = new Float64Array(slots);
  let d = start0;
  let nu = new Float64Array(S);
  for (let t = 0; t < T; t++) {
    const dNext = new Float64Array(S);
    const nuNext = new Float64Array(S);
    const last = t + 1 >= T;
    for (let s = 0; s < S; s++) {
      const mo = moments[s];
      if (!mo || (d[s] === 0 && nu[s] === 0)) continue;
      const a0 = start[s]!;
      const K = start[s + 1]! - a0;
      for (let a = 0; a < K; a++) {
        const i = a0 + a;
        const mi = mAt[t * slots + i]!;
        const ui = nextU[t * slots + i]!;
        for (let k = 0; k < K; k++) {
          const dp = mo.dpibar[a * K + k]!;
          gradient[a0 + k]! += d[s]! * (mo.dhp![a * K + k]! * mi + dp * ui) + nu[s]! * dp * mi;
        }
        if (last) continue;
        const adjointM = d[s]! * mo.hp![a]! + nu[s]! * mo.pibar[a]!;
        for (let j = model.transitionStart[i]!; j < model.transitionStart[i + 1]!; j++) {
          const s2 = model.nextState[j]!;
          if (!live[s2]) continue;
          dNext[s2]! += d[s]! * mo.pibar[a]! * model.probability[j]!;
          nuNext[s2]! += adjointM * model.probability[j]!;
        }
      }
    }
    d = dNext;
    nu = nuNext;
  }
  return gradient;
}

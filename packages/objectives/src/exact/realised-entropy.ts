import { BadInputError, type MemoryTable, type TabularModel } from '@dra/core';
import { liveMoves, type LiveMoves } from './live-moves.js';
import type { StateMoments } from './state-moments.js';

/** Largest T x memories the realised-length recursion is allowed (it stores two T x states tables). */
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
  const moves = liveMoves(model, memory, live, moments);
  const limit = Math.floor(REALISED_CELLS / Math.max(1, memory.size));
  let d = new Float64Array(S);
  let next = new Float64Array(S);
  for (let s = 0; s < S; s++) d[s] = live[s] ? model.start[s]! : 0;
  for (let t = 1; t <= limit; t++) {
    next.fill(0);
    forwardStep(moves, d, null, next, null);
    let running = 0;
    for (let s = 0; s < S; s++) running += next[s]!;
    if (running < SURVIVAL_TOLERANCE) return t;
    [d, next] = [next, d];
  }
  throw new BadInputError(`tRef 'realised': episodes are still running after ${limit} steps with probability above ${SURVIVAL_TOLERANCE}; give the task a horizon`);
}

/**
 * One step of the occupancy d and, when given, of the adjoint nu of W (see `meanStepEntropy`):
 *   dNext[s'] += d[s] pibar[a] P,  nuNext[s'] += (d[s] hp[a] + nu[s] pibar[a]) P  over moves into live s'.
 */
function forwardStep(moves: LiveMoves, d: Float64Array, nu: Float64Array | null, dNext: Float64Array, nuNext: Float64Array | null): void {
  const { memories, stateOf, pibar, hp, edgeStart, edgeTo, edgeP } = moves;
  for (let n = 0; n < memories.length; n++) {
    const i = memories[n]!;
    const s = stateOf[i]!;
    const mass = d[s]! * pibar[i]!;
    const adjoint = nu === null ? 0 : d[s]! * hp[i]! + nu[s]! * pibar[i]!;
    if (mass === 0 && adjoint === 0) continue;
    for (let e = edgeStart[i]!; e < edgeStart[i + 1]!; e++) {
      dNext[edgeTo[e]!]! += mass * edgeP[e]!;
      if (nuNext !== null) nuNext[edgeTo[e]!]! += adjoint * edgeP[e]!;
    }
  }
}

/**
 * docs/math.md 4.4: J = E[(1/L) sum_{t<L} H_t] over episodes capped at T, by the backward recursion
 *   m[t,s,a] = sum_s' P (cont ? W[t+1,s'] : 1/(t+1)),  W[t,s] = sum_a pibar m,
 *   U[t,s] = sum_a ( hp[a] m[t,s,a] + pibar[a] sum_s' P cont U[t+1,s'] ),  J = sum_s p0 U[0,s],
 * with cont = (s' live and t+1 < T). Its gradient by an adjoint pass: the adjoint of U[t,.] is
 * the occupancy d[t,.]; that of W[t+1,s'] is nu[t+1,s'] = sum_{s,a} (d[t,s] hp[a] + nu[t,s] pibar[a]) P cont;
 *   dJ/dsigma[s,k] = sum_a dhp[a,k] A[s,a] + dpibar[a,k] B[s,a],
 *   A[s,a] = sum_t d[t,s] m[t,s,a],  B[s,a] = sum_t d[t,s] nextU[t,s,a] + nu[t,s] m[t,s,a],
 * where nextU[t,s,a] = sum_s' P cont U[t+1,s']. d and nu run forwards first (T x states each);
 * the backward recursion then accumulates A and B.
 */
export function meanStepEntropy(
  model: TabularModel, memory: MemoryTable, live: Uint8Array, moments: readonly (StateMoments | null)[], T: number,
): { value: number; gradient: Float64Array } {
  const S = model.stateCount;
  const moves = liveMoves(model, memory, live, moments);
  const d = new Float64Array(T * S);
  const nu = new Float64Array(T * S);
  for (let s = 0; s < S; s++) d[s] = live[s] ? model.start[s]! : 0;
  for (let t = 0; t + 1 < T; t++) {
    forwardStep(moves, d.subarray(t * S, (t + 1) * S), nu.subarray(t * S, (t + 1) * S), d.subarray((t + 1) * S, (t + 2) * S), nu.subarray((t + 1) * S, (t + 2) * S));
  }
  const { u0, a, b } = backwardSums(moves, S, memory.size, T, d, nu);
  let value = 0;
  for (let s = 0; s < S; s++) value += d[s]! * u0[s]!;
  return { value, gradient: contractGradient(memory, moments, a, b) };
}

/** The backward recursion of `meanStepEntropy`: U[0, .] and the per-memory sums A and B. */
function backwardSums(moves: LiveMoves, S: number, slots: number, T: number, d: Float64Array, nu: Float64Array): { u0: Float64Array; a: Float64Array; b: Float64Array } {
  const { memories, stateOf, pibar, hp, edgeStart, edgeTo, edgeP, deadMass, totalMass } = moves;
  const a = new Float64Array(slots);
  const b = new Float64Array(slots);
  let W = new Float64Array(S); // W[t + 1, .]
  let U = new Float64Array(S); // U[t + 1, .]
  let w = new Float64Array(S);
  let u = new Float64Array(S);
  for (let t = T - 1; t >= 0; t--) {
    w.fill(0);
    u.fill(0);
    const last = t + 1 >= T;
    const ending = 1 / (t + 1);
    for (let n = 0; n < memories.length; n++) {
      const i = memories[n]!;
      const s = stateOf[i]!;
      let mi = last ? totalMass[i]! * ending : deadMass[i]! * ending;
      let ui = 0;
      if (!last) {
        for (let e = edgeStart[i]!; e < edgeStart[i + 1]!; e++) {
          mi += edgeP[e]! * W[edgeTo[e]!]!;
          ui += edgeP[e]! * U[edgeTo[e]!]!;
        }
      }
      w[s]! += pibar[i]! * mi;
      u[s]! += hp[i]! * mi + pibar[i]! * ui;
      const ds = d[t * S + s]!;
      a[i]! += ds * mi;
      b[i]! += ds * ui + nu[t * S + s]! * mi;
    }
    [W, w] = [w, W];
    [U, u] = [u, U];
  }
  return { u0: U, a, b };
}

/** dJ/dsigma[s,k] = sum_a dhp[a,k] A[s,a] + dpibar[a,k] B[s,a] (see `meanStepEntropy`). */
function contractGradient(memory: MemoryTable, moments: readonly (StateMoments | null)[], a: Float64Array, b: Float64Array): Float64Array {
  const start = memory.actionStart;
  const gradient = new Float64Array(memory.size);
  for (let s = 0; s < memory.stateCount; s++) {
    const mo = moments[s];
    if (!mo) continue;
    const a0 = start[s]!;
    const K = start[s + 1]! - a0;
    for (let k = 0; k < K; k++) {
      let g = 0;
      for (let x = 0; x < K; x++) g += mo.dhp![x * K + k]! * a[a0 + x]! + mo.dpibar[x * K + k]! * b[a0 + x]!;
      gradient[a0 + k] = g;
    }
  }
  return gradient;
}

import { BadInputError, gaussianKl, gaussianKlDerivative, type MemoryTable, type TabularModel } from '@dra/core';
import { OBJECTIVE_IDS, type ObjectiveId } from '../objective.js';
import type { ObjectiveValue } from '../objective-value.js';
import { stateMoments, type StateMoments } from './state-moments.js';

/** What `evaluateExactly` evaluates: the objective and its beta, lambda, sigma_base (and T_ref for Eq. 10). */
export interface ExactEvaluationOptions {
  objective: ObjectiveId;
  beta: number;
  lambda: number;
  sigmaBase: number;
  /**
   * Eq. 10's T_ref: a fixed length (MATH.md 3.5, reading 1; default: the model's fixed horizon,
   * an error on a task without one) or 'realised', the episode's own length (reading 2, MATH.md 4.4).
   */
  tRef?: number | 'realised';
}

/** An objective's exact value, its parts, and its exact gradient with respect to every sigma. */
export interface ExactEvaluation extends ObjectiveValue {
  /** dF / d sigma per memory (0 for memories known exactly). */
  gradient: Float64Array;
  /** Expected number of visits of every state per episode. */
  visits: Float64Array;
  /** The marginal policy pibar(a|s) = E_zeta[p_a], one entry per memory (0 in terminal states). */
  policy: Float64Array;
}

/**
 * Exact evaluation on a known tabular model (MATH.md 4.3): noise moments per state
 * (MATH.md 4.1-4.2), then dynamic programming for the value and the policy-gradient
 * theorem for the gradient,
 *   dF/dsigma[s,k] = sum_t d[t,s] ( dc[s,k] + sum_a dpibar[s,a,k] Q[t,s,a] ) - lambda KL'(sigma[s,k]) [Eq. 10, DRA],
 * with per-step state terms c(s) = lambda (Hbar - KL(s)) [Eq. 8], (lambda / T_ref) Hbar [Eq. 10], 0 [DRA].
 * A model with a fixed horizon T is solved backwards over t = T-1 .. 0; an absorbing task
 * without one through the linear systems V = (I - P_pi)^-1 (c + sum_a pibar rbar) and
 * d = p0 (I - P_pi)^-1 (its policy must end episodes with probability 1). Memories known
 * exactly (memory.known) pay no cost and get gradient 0.
 */
export function evaluateExactly(model: TabularModel, memory: MemoryTable, options: ExactEvaluationOptions): ExactEvaluation {
  const { objective, beta, lambda, sigmaBase } = checkOptions(options);
  checkLayout(model, memory);
  const S = model.stateCount;
  const slots = memory.size;
  const start = memory.actionStart;
  const known = memory.known;
  const tRef = objective === 'eq10' ? resolveTRef(options.tRef, model.horizon) : NaN;
  const realised = tRef === REALISED;
  const live = new Uint8Array(S);
  for (let s = 0; s < S; s++) live[s] = model.terminal[s] === 0 && start[s + 1]! > start[s]! ? 1 : 0;

  // Per state: moments, expected reward of each action, state term c and its derivative dc.
  const moments: (StateMoments | null)[] = [];
  const rbar = new Float64Array(slots);
  const c = new Float64Array(S);
  const dc = new Float64Array(slots);
  const stateKl = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    const a0 = start[s]!;
    const K = start[s + 1]! - a0;
    for (let i = a0; i < a0 + K; i++) {
      for (let j = model.transitionStart[i]!; j < model.transitionStart[i + 1]!; j++) rbar[i]! += model.probability[j]! * model.reward[j]!;
    }
    if (!live[s]) {
      moments.push(null);
      continue;
    }
    const m = stateMoments(memory.mean, memory.sigma, a0, K, beta, realised);
    for (let k = 0; k < K; k++) {
      if (known[a0 + k] === 0) continue;
      for (let a = 0; a < K; a++) {
        m.dpibar[a * K + k] = 0;
        if (m.dhp) m.dhp[a * K + k] = 0;
      }
      m.dhbar[k] = 0;
    }
    moments.push(m);
    for (let k = 0; k < K; k++) if (known[a0 + k] === 0) stateKl[s]! += gaussianKl(memory.sigma[a0 + k]!, sigmaBase);
    if (objective === 'eq8') {
      c[s] = lambda * (m.hbar - stateKl[s]!);
      for (let k = 0; k < K; k++) {
        dc[a0 + k] = known[a0 + k] === 0 ? lambda * (m.dhbar[k]! - gaussianKlDerivative(memory.sigma[a0 + k]!, sigmaBase)) : 0;
      }
    } else if (objective === 'eq10' && !realised) {
      c[s] = (lambda / tRef) * m.hbar;
      for (let k = 0; k < K; k++) dc[a0 + k] = (lambda / tRef) * m.dhbar[k]!;
    }
  }

  const solved = Number.isFinite(model.horizon) ? finiteHorizon(model, memory, live, moments, rbar, c) : absorbing(model, memory, live, moments, rbar, c);

  const gradient = new Float64Array(slots);
  const policy = new Float64Array(slots);
  let ret = 0;
  let entropy = 0;
  for (let s = 0; s < S; s++) {
    const m = moments[s];
    if (!m) continue;
    const a0 = start[s]!;
    const K = start[s + 1]! - a0;
    let r = 0;
    for (let a = 0; a < K; a++) r += m.pibar[a]! * rbar[a0 + a]!;
    policy.set(m.pibar, a0);
    ret += solved.visits[s]! * r;
    entropy += solved.visits[s]! * m.hbar;
    for (let k = 0; k < K; k++) {
      if (known[a0 + k] !== 0) continue;
      let g = 0;
      for (let t = 0; t < solved.layers; t++) {
        const d = solved.occupancy[t * S + s]!;
        if (d === 0) continue;
        let inner = dc[a0 + k]!;
        for (let a = 0; a < K; a++) inner += m.dpibar[a * K + k]! * solved.q[t * slots + a0 + a]!;
        g += d * inner;
      }
      gradient[a0 + k] = g;
    }
  }
  let memoryCost: number;
  if (objective === 'eq8') {
    memoryCost = 0;
    for (let s = 0; s < S; s++) memoryCost += lambda * solved.visits[s]! * stateKl[s]!;
  } else {
    memoryCost = 0;
    for (let i = 0; i < slots; i++) {
      if (known[i] !== 0) continue;
      memoryCost += lambda * gaussianKl(memory.sigma[i]!, sigmaBase);
      gradient[i]! -= lambda * gaussianKlDerivative(memory.sigma[i]!, sigmaBase);
    }
  }
  let entropyBonus = objective === 'eq8' ? lambda * entropy : objective === 'eq10' && !realised ? (lambda / tRef) * entropy : 0;
  if (realised) {
    const mean = meanStepEntropy(model, memory, live, moments, realisedHorizon(model, memory, live, moments));
    entropyBonus = lambda * mean.value;
    for (let i = 0; i < slots; i++) gradient[i]! += lambda * mean.gradient[i]!;
  }
  return {
    objective: ret - memoryCost + entropyBonus,
    return: ret,
    memoryCost,
    actionEntropy: entropy,
    gradient,
    visits: solved.visits,
    policy,
  };
}

/** Occupancies d[t, s] (layers x S), action values Q[t, i] (layers x slots) and visits = sum_t d. */
interface Solution {
  layers: number;
  occupancy: Float64Array;
  q: Float64Array;
  visits: Float64Array;
}

/** MATH.md 4.3, finite horizon: backward values, forward occupancies. */
function finiteHorizon(model: TabularModel, memory: MemoryTable, live: Uint8Array, moments: (StateMoments | null)[], rbar: Float64Array, c: Float64Array): Solution {
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

/** MATH.md 4.3, absorbing task without a cap: V = (I - P_pi)^-1 (c + sum_a pibar rbar), visits = p0 (I - P_pi)^-1. */
function absorbing(model: TabularModel, memory: MemoryTable, live: Uint8Array, moments: (StateMoments | null)[], rbar: Float64Array, c: Float64Array): Solution {
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

/** Largest T x memories the realised-length recursion stores (two Float64Arrays of that size). */
const REALISED_CELLS = 40_000_000;
/** An absorbing task's recursion stops where the probability that the episode is still running is below this. */
const SURVIVAL_TOLERANCE = 1e-15;

/**
 * The horizon of the realised-length recursion: the model's fixed horizon, or, on an absorbing
 * task without one, the first step at which the chance of the episode still running is below
 * SURVIVAL_TOLERANCE (the episodes cut there change E[1/L sum H] by less than that chance times max H).
 */
function realisedHorizon(model: TabularModel, memory: MemoryTable, live: Uint8Array, moments: readonly (StateMoments | null)[]): number {
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

/** Calls visit(s', d[s] pibar[s,a] P[s,a,s']) for every live s' reached from a live s with d[s] > 0. */
function forEachLiveTransition(
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

/**
 * MATH.md 4.4: J = E[(1/L) sum_{t<L} H_t] over episodes capped at T, by the backward recursion
 *   m[t,s,a] = sum_s' P (cont ? W[t+1,s'] : 1/(t+1)),  W[t,s] = sum_a pibar m,
 *   U[t,s] = sum_a ( hp[a] m[t,s,a] + pibar[a] sum_s' P cont U[t+1,s'] ),  J = sum_s p0 U[0,s],
 * with cont = (s' live and t+1 < T). Its gradient by an adjoint pass: the adjoint of U[t,.] is
 * the occupancy d[t,.]; that of W[t+1,s'] is nu[t+1,s'] = sum_{s,a} (d[t,s] hp[a] + nu[t,s] pibar[a]) P cont;
 *   dJ/dsigma[s,k] = sum_t d[t,s] sum_a (dhp[a,k] m + dpibar[a,k] nextU) + nu[t,s] sum_a dpibar[a,k] m,
 * where nextU[t,s,a] = sum_s' P cont U[t+1,s'].
 */
function meanStepEntropy(
  model: TabularModel, memory: MemoryTable, live: Uint8Array, moments: readonly (StateMoments | null)[], T: number,
): { value: number; gradient: Float64Array } {
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
  let value = 0;
  let d = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    d[s] = live[s] ? model.start[s]! : 0;
    value += d[s]! * U[s]!;
  }
  const gradient = new Float64Array(slots);
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
  return { value, gradient };
}

/** Solves A x = b (or A^T x = b) by Gaussian elimination with partial pivoting; A is n x n row-major. */
function solveLinear(matrix: Float64Array, rhs: Float64Array, n: number, transpose: boolean): Float64Array {
  const a = new Float64Array(n * n);
  for (let r = 0; r < n; r++) for (let col = 0; col < n; col++) a[r * n + col] = transpose ? matrix[col * n + r]! : matrix[r * n + col]!;
  const x = Float64Array.from(rhs);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]!) > Math.abs(a[pivot * n + col]!)) pivot = r;
    if (Math.abs(a[pivot * n + col]!) < 1e-300) {
      throw new BadInputError('the policy does not end episodes with probability 1 (I - P_pi is singular); give the task a horizon');
    }
    if (pivot !== col) {
      for (let k = 0; k < n; k++) [a[col * n + k], a[pivot * n + k]] = [a[pivot * n + k]!, a[col * n + k]!];
      [x[col], x[pivot]] = [x[pivot]!, x[col]!];
    }
    for (let r = col + 1; r < n; r++) {
      const f = a[r * n + col]! / a[col * n + col]!;
      if (f === 0) continue;
      for (let k = col; k < n; k++) a[r * n + k]! -= f * a[col * n + k]!;
      x[r]! -= f * x[col]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let sum = x[r]!;
    for (let k = r + 1; k < n; k++) sum -= a[r * n + k]! * x[k]!;
    x[r] = sum / a[r * n + r]!;
  }
  return x;
}

const REALISED = -1;

/** T_ref as a number; REALISED for the realised length. */
function resolveTRef(tRef: number | 'realised' | undefined, horizon: number): number {
  if (tRef === 'realised') return REALISED;
  if (tRef === undefined) {
    if (!Number.isFinite(horizon)) throw new BadInputError('tRef: Eq. 10 on a task without a fixed horizon needs an explicit T_ref (MATH.md 3.5)');
    return horizon;
  }
  if (!(typeof tRef === 'number' && Number.isFinite(tRef) && tRef > 0)) throw new BadInputError(`tRef must be a finite number > 0 or 'realised', got ${String(tRef)}`);
  return tRef;
}

function checkOptions(options: ExactEvaluationOptions): ExactEvaluationOptions {
  if (!OBJECTIVE_IDS.includes(options.objective)) throw new BadInputError(`objective must be one of ${OBJECTIVE_IDS.join(', ')}, got ${String(options.objective)}`);
  if (!(Number.isFinite(options.beta) && options.beta > 0)) throw new BadInputError(`beta must be a finite number > 0, got ${options.beta}`);
  if (!(Number.isFinite(options.lambda) && options.lambda >= 0)) throw new BadInputError(`lambda must be a finite number >= 0, got ${options.lambda}`);
  if (!(Number.isFinite(options.sigmaBase) && options.sigmaBase > 0)) throw new BadInputError(`sigmaBase must be a finite number > 0, got ${options.sigmaBase}`);
  return options;
}

function checkLayout(model: TabularModel, memory: MemoryTable): void {
  if (model.stateCount !== memory.stateCount) throw new BadInputError(`the memory has ${memory.stateCount} states but the model ${model.stateCount}`);
  for (let s = 0; s <= model.stateCount; s++) {
    if (model.actionStart[s] !== memory.actionStart[s]) throw new BadInputError(`state ${Math.max(0, s - 1)}: the memory's actions do not match the model's`);
  }
}

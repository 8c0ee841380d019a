import { FACTOR_COUNT, raceFactors } from './race-factors.js';
import { raceGrid, STEP_PER_SCALE } from './race-grid.js';
import { RACE_STEP } from './race-kernel.js';
import { leaveOutProducts } from './leave-out-products.js';
import type { StateMoments } from './state-moments.js';

/** Euler-Mascheroni constant, the mean of a standard Gumbel variable. */
const EULER_GAMMA = 0.5772156649015329;

/** The one-action factors of a state at its grid points, reused between states (grown when needed). */
let factorScratch = new Float64Array(0);

/** Running integrals of one state (see `raceMoments`), K-sized and K x K, zeroed per state. */
interface RaceSums {
  pibar: Float64Array;
  dpibar: Float64Array;
  pX: Float64Array;
  dpX: Float64Array;
  dLse: Float64Array;
  hpParts: Float64Array;
  dhpParts: Float64Array;
  rest1: Float64Array;
  rest2: Float64Array;
  rest3: Float64Array;
  /** The factors of the current grid point, v[f * K + j] for factor f of RACE_FACTORS and action j. */
  v: Float64Array;
}

/**
 * Any K (docs/math.md 4.1, "exponential race"): with x_j = m_j + c_j zeta_j (m = beta q shifted by its
 * maximum, c = beta sigma) and the one-action factors L, M, N, O of race-factors.ts,
 *   pibar[a] = int M_a prod_{j != a} L_j du,  E[p_a x_a] = int N_a prod_{j != a} L_j du,
 *   E[logsumexp x] = P - gamma + int ( 1[u > P] - prod_j L_j ) du  (any P; docs/math.md 4.6),
 *   hbar = E[logsumexp x] - sum_a E[p_a x_a].
 * The entropy-action moments use p_a p_j = int_0^inf t e^{x_a + x_j} e^{-t S} dt (t = e^{-u}) and,
 * for E[logsumexp(x) p_a], Gumbel perturbations v_j = x_j + g_j, whose maximum is independent of
 * its argmax and has mean logsumexp(x) + gamma:
 *   E[H p_a] = int u M_a prod_{j != a} L_j du - gamma pibar[a] - sum_{j != a} int M_a N_j prod_{l != a, j} L_l du - int O_a prod_{j != a} L_j du.
 * A derivative in sigma_k replaces the factor of action k by its derivative. The integrals are
 * trapezoid sums on the grid of `raceGrid` (its step grows with the noise scales, docs/math.md 4.6;
 * `stepPerScale` = 0 keeps the lattice step 0.25 everywhere).
 */
export function raceMoments(qs: ArrayLike<number>, sigmas: ArrayLike<number>, beta: number, entropyProducts: boolean, stepPerScale = STEP_PER_SCALE): StateMoments {
  const K = qs.length;
  let top = -Infinity;
  for (let j = 0; j < K; j++) top = Math.max(top, beta * qs[j]!);
  const m = new Float64Array(K);
  const c = new Float64Array(K);
  for (let j = 0; j < K; j++) {
    m[j] = beta * qs[j]! - top;
    c[j] = beta * sigmas[j]!;
  }
  const grid = raceGrid(m, c, stepPerScale);
  const { points, pivot } = grid;
  const stride = K * points;
  if (factorScratch.length < FACTOR_COUNT * stride) factorScratch = new Float64Array(2 * FACTOR_COUNT * stride);
  const factors = factorScratch; // every entry below FACTOR_COUNT * stride is written by raceFactors
  for (let j = 0; j < K; j++) raceFactors(m[j]!, c[j]!, beta, grid, factors, stride, j * points, entropyProducts);
  const h = grid.stride * RACE_STEP;
  const sums = raceSums(K, entropyProducts);
  let lse = 0;
  for (let l = 0; l < points; l++) {
    const step = l > pivot ? 1 : l === pivot ? 0.5 : 0;
    if (silent(factors, K, points, l)) {
      lse += h * step;
      continue;
    }
    const v = sums.v;
    for (let f = 0; f < FACTOR_COUNT; f++) for (let j = 0; j < K; j++) v[f * K + j] = factors[f * stride + j * points + l]!;
    const all = leaveOutProducts(v, K, entropyProducts, sums.rest1, sums.rest2, sums.rest3);
    lse += h * (step - all);
    addPoint(K, grid.u0 + l * h, h, entropyProducts, sums);
  }
  return finishMoments(K, lse + grid.u0 + pivot * h - EULER_GAMMA, entropyProducts, sums);
}

function raceSums(K: number, entropyProducts: boolean): RaceSums {
  return {
    pibar: new Float64Array(K),
    dpibar: new Float64Array(K * K),
    pX: new Float64Array(K),
    dpX: new Float64Array(K * K),
    dLse: new Float64Array(K),
    hpParts: new Float64Array(entropyProducts ? K : 0), // int (u M_a - O_a) prod L - sum_j int M_a N_j prod L
    dhpParts: new Float64Array(entropyProducts ? K * K : 0),
    rest1: new Float64Array(K),
    rest2: new Float64Array(K * K),
    rest3: new Float64Array(entropyProducts ? K * K * K : 0),
    v: new Float64Array(FACTOR_COUNT * K),
  };
}

/** True where some action's factors are all 0 (below its nodes): every term of every integrand then vanishes. */
function silent(factors: Float64Array, K: number, points: number, l: number): boolean {
  const stride = K * points;
  for (let j = 0; j < K; j++) {
    const at = j * points + l;
    if (factors[at] === 0 && factors[stride + at] === 0 && factors[4 * stride + at] === 0) return true;
  }
  return false;
}

/** Adds the grid point at u (weight h, factors in s.v, leave-out products in rest1..rest3) to the running integrals. */
function addPoint(K: number, u: number, h: number, entropyProducts: boolean, s: RaceSums): void {
  const { rest1, rest2, rest3, v } = s;
  for (let k = 0; k < K; k++) s.dLse[k]! -= h * v[4 * K + k]! * rest1[k]!;
  for (let a = 0; a < K; a++) {
    const others = rest1[a]!;
    const ma = v[1 * K + a]!;
    const na = v[2 * K + a]!;
    s.pibar[a]! += h * ma * others;
    s.pX[a]! += h * na * others;
    if (entropyProducts) {
      const oa = v[3 * K + a]!;
      s.hpParts[a]! += h * (u * ma - oa) * others;
      for (let j = 0; j < K; j++) if (j !== a) s.hpParts[a]! -= h * ma * v[2 * K + j]! * rest2[a * K + j]!;
    }
    for (let k = 0; k < K; k++) {
      const ak = a * K + k;
      if (k === a) {
        s.dpibar[ak]! += h * v[5 * K + a]! * others;
        s.dpX[ak]! += h * v[6 * K + a]! * others;
      } else {
        const dLk = v[4 * K + k]! * rest2[ak]!;
        s.dpibar[ak]! += h * ma * dLk;
        s.dpX[ak]! += h * na * dLk;
      }
      if (!entropyProducts) continue;
      // d/dsigma_k of (u M_a - O_a) prod_{j != a} L_j and of M_a N_j prod_{i != a, j} L_i
      if (k === a) s.dhpParts[ak]! += h * (u * v[5 * K + a]! - v[7 * K + a]!) * others;
      else s.dhpParts[ak]! += h * (u * ma - v[3 * K + a]!) * v[4 * K + k]! * rest2[ak]!;
      for (let j = 0; j < K; j++) {
        if (j === a) continue;
        const aj = a * K + j;
        let term: number;
        if (k === a) term = v[5 * K + a]! * v[2 * K + j]! * rest2[aj]!;
        else if (k === j) term = ma * v[6 * K + j]! * rest2[aj]!;
        else term = ma * v[2 * K + j]! * v[4 * K + k]! * rest3[aj * K + k]!;
        s.dhpParts[ak]! -= h * term;
      }
    }
  }
}

/** The moments from the finished integrals: hbar = lse - sum_a E[p_a x_a], and with products hp, dhp (minus gamma pibar). */
function finishMoments(K: number, lse: number, entropyProducts: boolean, s: RaceSums): StateMoments {
  let hbar = lse;
  for (let a = 0; a < K; a++) hbar -= s.pX[a]!;
  const dhbar = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let d = s.dLse[k]!;
    for (let a = 0; a < K; a++) d -= s.dpX[a * K + k]!;
    dhbar[k] = d;
  }
  const moments: StateMoments = { pibar: s.pibar, hbar, dpibar: s.dpibar, dhbar };
  if (entropyProducts) {
    const hp = new Float64Array(K);
    const dhp = new Float64Array(K * K);
    for (let a = 0; a < K; a++) hp[a] = s.hpParts[a]! - EULER_GAMMA * s.pibar[a]!;
    for (let i = 0; i < K * K; i++) dhp[i] = s.dhpParts[i]! - EULER_GAMMA * s.dpibar[i]!;
    moments.hp = hp;
    moments.dhp = dhp;
  }
  return moments;
}

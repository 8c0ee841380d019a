import { FACTOR_COUNT, raceFactors, raceGrid, RACE_STEP } from './race-factors.js';
import { normalTrapezoid } from './normal-trapezoid.js';

/**
 * Noise moments of one state's soft-Thompson policy (docs/math.md 4.1), for K actions with
 * x_k = beta (q_k + sigma_k zeta_k), zeta ~ N(0, I), p = softmax(x):
 *   pibar[a] = E[p_a],  hbar = E[H],  dpibar[a*K + k] = d pibar[a] / d sigma_k,  dhbar[k] = d hbar / d sigma_k,
 * and, on request, the entropy-action moments of the realised-length Eq. 10 (docs/math.md 4.1, 4.4):
 *   hp[a] = E[H p_a],  dhp[a*K + k] = d hp[a] / d sigma_k.
 * K = 1 is exact (p = 1, H = 0); K = 2 uses the one-dimensional form of docs/math.md 4.1; K >= 3
 * the iterated one-dimensional "exponential race" integrals. Expectations over a standard
 * normal use the trapezoid rule of docs/math.md 4.2 (z in [-11, 11], step 0.25 / max(1, c)).
 */
export interface StateMoments {
  pibar: Float64Array;
  hbar: number;
  /** Row-major K x K: d pibar[a] / d sigma_k at a * K + k. */
  dpibar: Float64Array;
  dhbar: Float64Array;
  /** E[H p_a] (only with `entropyProducts`). */
  hp?: Float64Array;
  /** Row-major K x K: d E[H p_a] / d sigma_k (only with `entropyProducts`). */
  dhp?: Float64Array;
}

/** Euler-Mascheroni constant, the mean of a standard Gumbel variable. */
const EULER_GAMMA = 0.5772156649015329;

/** log(1 + e^x) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * Moments of the state whose memories are q[start .. start + K), sigma[start .. start + K);
 * `entropyProducts` adds hp and dhp.
 */
export function stateMoments(q: Float64Array, sigma: Float64Array, start: number, count: number, beta: number, entropyProducts = false): StateMoments {
  if (count === 1) {
    const one: StateMoments = { pibar: Float64Array.of(1), hbar: 0, dpibar: new Float64Array(1), dhbar: new Float64Array(1) };
    if (entropyProducts) Object.assign(one, { hp: new Float64Array(1), dhp: new Float64Array(1) });
    return one;
  }
  if (count === 2) return twoActionMoments(q[start]!, q[start + 1]!, sigma[start]!, sigma[start + 1]!, beta, entropyProducts);
  return raceMoments(Array.from(q.subarray(start, start + count)), Array.from(sigma.subarray(start, start + count)), beta, entropyProducts);
}

/**
 * K = 2 (docs/math.md 4.1): x = Delta + beta S2 z with Delta = beta (q0 - q1), S2 = sqrt(s0^2 + s1^2);
 * p0 = expit(x), log p0 = -softplus(-x), log p1 = -softplus(x), dH/dx = -x p0 p1;
 * d E[f(x)] / d sigma_k = (beta sigma_k / S2) E[z f'(x)] for both k (conditioning on
 * d = sigma0 zeta0 - sigma1 zeta1: E[zeta0 | d] = sigma0 d / S2^2, E[zeta1 | d] = -sigma1 d / S2^2),
 * with f = p0 (f' = p0 p1), f = H (f' = -x p0 p1) and f = H p0 (f' = -x p0^2 p1 + H p0 p1);
 * hp[1] = hbar - hp[0] since p0 + p1 = 1.
 */
function twoActionMoments(q0: number, q1: number, s0: number, s1: number, beta: number, entropyProducts: boolean): StateMoments {
  const delta = beta * (q0 - q1);
  const s2 = Math.sqrt(s0 * s0 + s1 * s1);
  const c = beta * s2;
  const { z, w } = normalTrapezoid(c);
  let p0Mean = 0;
  let hMean = 0;
  let zP = 0;
  let zH = 0;
  let hp0 = 0;
  let zHp = 0;
  for (let i = 0; i < z.length; i++) {
    const x = delta + c * z[i]!;
    const lp0 = -softplus(-x);
    const lp1 = -softplus(x);
    const p0 = Math.exp(lp0);
    const p1 = Math.exp(lp1);
    const h = -(p0 * lp0 + p1 * lp1);
    const wz = w[i]! * z[i]!;
    p0Mean += w[i]! * p0;
    hMean += w[i]! * h;
    zP += wz * p0 * p1;
    zH += wz * -x * p0 * p1;
    hp0 += w[i]! * h * p0;
    zHp += wz * p0 * p1 * (h - x * p0);
  }
  // d x / d sigma_0 = beta zeta_0 and d x / d sigma_1 = -beta zeta_1; in expectation both become (beta sigma_k / S2) z.
  const g0 = s2 > 0 ? (beta * s0) / s2 : 0;
  const g1 = s2 > 0 ? (beta * s1) / s2 : 0;
  const dp0 = [g0 * zP, g1 * zP];
  const moments: StateMoments = {
    pibar: Float64Array.of(p0Mean, 1 - p0Mean),
    hbar: hMean,
    dpibar: Float64Array.of(dp0[0]!, dp0[1]!, -dp0[0]!, -dp0[1]!),
    dhbar: Float64Array.of(g0 * zH, g1 * zH),
  };
  if (entropyProducts) {
    moments.hp = Float64Array.of(hp0, hMean - hp0);
    moments.dhp = Float64Array.of(g0 * zHp, g1 * zHp, g0 * (zH - zHp), g1 * (zH - zHp));
  }
  return moments;
}

/**
 * Any K (docs/math.md 4.1, "exponential race"): with x_j = m_j + c_j zeta_j (m = beta q shifted by its
 * maximum, c = beta sigma) and the one-action factors L, M, N, O of race-factors.ts,
 *   pibar[a] = int M_a prod_{j != a} L_j du,  E[p_a x_a] = int N_a prod_{j != a} L_j du,
 *   E[logsumexp x] = int ( exp(-e^{-u}) - prod_j L_j ) du,  hbar = E[logsumexp x] - sum_a E[p_a x_a].
 * The entropy-action moments use p_a p_j = int_0^inf t e^{x_a + x_j} e^{-t S} dt (t = e^{-u}) and,
 * for E[logsumexp(x) p_a], Gumbel perturbations v_j = x_j + g_j, whose maximum is independent of
 * its argmax and has mean logsumexp(x) + gamma:
 *   E[H p_a] = int u M_a prod_{j != a} L_j du - gamma pibar[a] - sum_{j != a} int M_a N_j prod_{l != a, j} L_l du - int O_a prod_{j != a} L_j du.
 * A derivative in sigma_k replaces the factor of action k by its derivative.
 */
export function raceMoments(qs: number[], sigmas: number[], beta: number, entropyProducts: boolean): StateMoments {
  const K = qs.length;
  const top = Math.max(...qs.map((v) => beta * v));
  const m = qs.map((v) => beta * v - top);
  const c = sigmas.map((s) => beta * s);
  const { u0, points } = raceGrid(m, c);
  const stride = K * points;
  const factors = new Float64Array(FACTOR_COUNT * stride);
  for (let j = 0; j < K; j++) raceFactors(m[j]!, c[j]!, beta, u0, points, factors, stride, j * points, entropyProducts);
  const h = RACE_STEP;
  const pibar = new Float64Array(K);
  const dpibar = new Float64Array(K * K);
  const pX = new Float64Array(K);
  const dpX = new Float64Array(K * K);
  const dLse = new Float64Array(K);
  const hpParts = new Float64Array(K); // int (u M_a - O_a) prod L - sum_j int M_a N_j prod L
  const dhpParts = new Float64Array(K * K);
  // The factors at one grid point, and prod_j L_j leaving out one, two or three actions.
  const [L, M, N, O, dL, dM, dN, dO] = Array.from({ length: FACTOR_COUNT }, () => new Float64Array(K));
  const rest1 = new Float64Array(K);
  const rest2 = new Float64Array(K * K);
  const rest3 = new Float64Array(entropyProducts ? K * K * K : 0);
  const values = [L, M, N, O, dL, dM, dN, dO] as const;
  let lse = 0;
  for (let l = 0; l < points; l++) {
    const u = u0 + l * h;
    for (let f = 0; f < FACTOR_COUNT; f++) for (let j = 0; j < K; j++) values[f]![j] = factors[f * stride + j * points + l]!;
    const all = leaveOutProducts(L, K, entropyProducts, rest1, rest2, rest3);
    lse += h * (Math.exp(-Math.exp(-u)) - all);
    for (let k = 0; k < K; k++) dLse[k]! -= h * dL[k]! * rest1[k]!;
    for (let a = 0; a < K; a++) {
      const others = rest1[a]!;
      const ma = M[a]!;
      pibar[a]! += h * ma * others;
      pX[a]! += h * N[a]! * others;
      if (entropyProducts) {
        hpParts[a]! += h * (u * ma - O[a]!) * others;
        for (let j = 0; j < K; j++) if (j !== a) hpParts[a]! -= h * ma * N[j]! * rest2[a * K + j]!;
      }
      for (let k = 0; k < K; k++) {
        const at = a * K + k;
        if (k === a) {
          dpibar[at]! += h * dM[a]! * others;
          dpX[at]! += h * dN[a]! * others;
        } else {
          const restK = rest2[at]!;
          dpibar[at]! += h * ma * dL[k]! * restK;
          dpX[at]! += h * N[a]! * dL[k]! * restK;
        }
        if (!entropyProducts) continue;
        // d/dsigma_k of (u M_a - O_a) prod_{j != a} L_j and of M_a N_j prod_{i != a, j} L_i
        if (k === a) dhpParts[at]! += h * (u * dM[a]! - dO[a]!) * others;
        else dhpParts[at]! += h * (u * ma - O[a]!) * dL[k]! * rest2[at]!;
        for (let j = 0; j < K; j++) {
          if (j === a) continue;
          const aj = a * K + j;
          let term: number;
          if (k === a) term = dM[a]! * N[j]! * rest2[aj]!;
          else if (k === j) term = ma * dN[j]! * rest2[aj]!;
          else term = ma * N[j]! * dL[k]! * rest3[aj * K + k]!;
          dhpParts[at]! -= h * term;
        }
      }
    }
  }
  let hbar = lse;
  for (let a = 0; a < K; a++) hbar -= pX[a]!;
  const dhbar = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let d = dLse[k]!;
    for (let a = 0; a < K; a++) d -= dpX[a * K + k]!;
    dhbar[k] = d;
  }
  const moments: StateMoments = { pibar, hbar, dpibar, dhbar };
  if (entropyProducts) {
    moments.hp = Float64Array.from(hpParts, (v, a) => v - EULER_GAMMA * pibar[a]!);
    moments.dhp = Float64Array.from(dhpParts, (v, i) => v - EULER_GAMMA * dpibar[i]!);
  }
  return moments;
}

/**
 * prod_j L_j over all K actions (returned), and leaving out one action (rest1[a]), two (rest2[a K + j])
 * and, for the entropy-action moments, three (rest3[(a K + j) K + i]), each in the same order of
 * multiplication as a direct product over the remaining actions.
 */
function leaveOutProducts(L: Float64Array, K: number, entropyProducts: boolean, rest1: Float64Array, rest2: Float64Array, rest3: Float64Array): number {
  let all = 1;
  for (let j = 0; j < K; j++) all *= L[j]!;
  for (let a = 0; a < K; a++) {
    let p1 = 1;
    for (let j = 0; j < K; j++) {
      if (j === a) continue;
      p1 *= L[j]!;
      let p2 = 1;
      for (let i = 0; i < K; i++) {
        if (i === a || i === j) continue;
        p2 *= L[i]!;
        if (entropyProducts) {
          let p3 = 1;
          for (let n = 0; n < K; n++) if (n !== a && n !== j && n !== i) p3 *= L[n]!;
          rest3[(a * K + j) * K + i] = p3;
        }
      }
      rest2[a * K + j] = p2;
    }
    rest1[a] = p1;
  }
  return all;
}

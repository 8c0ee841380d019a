import { normalTrapezoid } from './normal-trapezoid.js';
import { raceMoments } from './race-moments.js';

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
  return raceMoments(q.subarray(start, start + count), sigma.subarray(start, start + count), beta, entropyProducts);
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

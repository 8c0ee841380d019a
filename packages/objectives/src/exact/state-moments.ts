/**
 * Noise moments of one state's soft-Thompson policy (MATH.md 4.1), for K actions with
 * x_k = beta (q_k + sigma_k zeta_k), zeta ~ N(0, I), p = softmax(x):
 *   pibar[a] = E[p_a],  hbar = E[H],  dpibar[a*K + k] = d pibar[a] / d sigma_k,  dhbar[k] = d hbar / d sigma_k.
 * K = 1 is exact (p = 1, H = 0); K = 2 uses the one-dimensional form of MATH.md 4.1; K >= 3
 * the iterated one-dimensional "exponential race" integrals. Expectations over a standard
 * normal use the trapezoid rule of MATH.md 4.2 (z in [-11, 11], step 0.25 / max(1, c)).
 */
export interface StateMoments {
  pibar: Float64Array;
  hbar: number;
  /** Row-major K x K: d pibar[a] / d sigma_k at a * K + k. */
  dpibar: Float64Array;
  dhbar: Float64Array;
}

const Z_MAX = 11;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Nodes z_i and weights h * phi(z_i) of the trapezoid rule for scale c (MATH.md 4.2). */
export function normalTrapezoid(c: number): { z: Float64Array; w: Float64Array } {
  const h = 0.25 / Math.max(1, c);
  const n = 2 * Math.ceil(Z_MAX / h) + 1;
  const z = new Float64Array(n);
  const w = new Float64Array(n);
  const half = (n - 1) / 2;
  for (let i = 0; i < n; i++) {
    z[i] = (i - half) * h;
    w[i] = h * INV_SQRT_2PI * Math.exp(-0.5 * z[i]! * z[i]!);
  }
  return { z, w };
}

/** log(1 + e^x) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** Moments of the state whose memories are q[start .. start + K), sigma[start .. start + K). */
export function stateMoments(q: Float64Array, sigma: Float64Array, start: number, count: number, beta: number): StateMoments {
  if (count === 1) return { pibar: Float64Array.of(1), hbar: 0, dpibar: new Float64Array(1), dhbar: new Float64Array(1) };
  if (count === 2) return twoActionMoments(q[start]!, q[start + 1]!, sigma[start]!, sigma[start + 1]!, beta);
  return raceMoments(Array.from(q.subarray(start, start + count)), Array.from(sigma.subarray(start, start + count)), beta);
}

/**
 * K = 2 (MATH.md 4.1): x = Delta + beta S2 z with Delta = beta (q0 - q1), S2 = sqrt(s0^2 + s1^2);
 * p0 = expit(x), log p0 = -softplus(-x), log p1 = -softplus(x), dH/dx = -x p0 p1;
 * d pibar0 / d sigma_k = (beta sigma_k / S2) E[z p0 p1] for both k, d hbar / d sigma_k = (beta sigma_k / S2) E[z (-x p0 p1)]
 * (conditioning on d = sigma0 zeta0 - sigma1 zeta1: E[zeta0 | d] = sigma0 d / S2^2, E[zeta1 | d] = -sigma1 d / S2^2).
 */
function twoActionMoments(q0: number, q1: number, s0: number, s1: number, beta: number): StateMoments {
  const delta = beta * (q0 - q1);
  const s2 = Math.sqrt(s0 * s0 + s1 * s1);
  const c = beta * s2;
  const { z, w } = normalTrapezoid(c);
  let p0Mean = 0;
  let hMean = 0;
  let zP = 0;
  let zH = 0;
  for (let i = 0; i < z.length; i++) {
    const x = delta + c * z[i]!;
    const lp0 = -softplus(-x);
    const lp1 = -softplus(x);
    const p0 = Math.exp(lp0);
    const p1 = Math.exp(lp1);
    const h = -(p0 * lp0 + p1 * lp1);
    p0Mean += w[i]! * p0;
    hMean += w[i]! * h;
    zP += w[i]! * z[i]! * p0 * p1;
    zH += w[i]! * z[i]! * -x * p0 * p1;
  }
  // d x / d sigma_0 = beta zeta_0 and d x / d sigma_1 = -beta zeta_1; in expectation both become (beta sigma_k / S2) z.
  const g0 = s2 > 0 ? (beta * s0) / s2 : 0;
  const g1 = s2 > 0 ? (beta * s1) / s2 : 0;
  const dp0 = [g0 * zP, g1 * zP];
  return {
    pibar: Float64Array.of(p0Mean, 1 - p0Mean),
    hbar: hMean,
    dpibar: Float64Array.of(dp0[0]!, dp0[1]!, -dp0[0]!, -dp0[1]!),
    dhbar: Float64Array.of(g0 * zH, g1 * zH),
  };
}

/**
 * Any K (MATH.md 4.1, "exponential race"): with x_j = m_j + c_j zeta_j (m = beta q shifted by its
 * maximum, c = beta sigma) and y = x_j - u,
 *   L_j(u) = E[exp(-e^y)],  M_j(u) = E[e^y exp(-e^y)],  N_j(u) = E[x_j e^y exp(-e^y)],
 *   pibar[a] = int M_a prod_{j != a} L_j du,  E[p_a x_a] = int N_a prod_{j != a} L_j du,
 *   E[logsumexp x] = int ( exp(-e^{-u}) - prod_j L_j ) du,  hbar = E[logsumexp x] - sum_a E[p_a x_a].
 * Derivatives through d/d sigma_j E[f(x_j)] = beta E[zeta_j f'(x_j)].
 */
function raceMoments(qs: number[], sigmas: number[], beta: number): StateMoments {
  const K = qs.length;
  const top = Math.max(...qs.map((v) => beta * v));
  const m = qs.map((v) => beta * v - top);
  const c = sigmas.map((s) => beta * s);
  const cMax = Math.max(...c);
  const rules = c.map((cj) => normalTrapezoid(cj));
  const du = 0.05;
  const uLow = Math.min(...m) - 11 * cMax - 40;
  const uHigh = Math.max(...m) + (cMax * cMax) / 2 + 11 * cMax + 40;
  const L = new Float64Array(K);
  const M = new Float64Array(K);
  const N = new Float64Array(K);
  const dL = new Float64Array(K);
  const dM = new Float64Array(K);
  const dN = new Float64Array(K);
  const pibar = new Float64Array(K);
  const pX = new Float64Array(K);
  const dpibar = new Float64Array(K * K);
  const dpX = new Float64Array(K * K);
  const dLse = new Float64Array(K);
  let lse = 0;
  const others = (skipA: number, skipB: number) => {
    let prod = 1;
    for (let j = 0; j < K; j++) if (j !== skipA && j !== skipB) prod *= L[j]!;
    return prod;
  };
  for (let u = uLow; u <= uHigh; u += du) {
    for (let j = 0; j < K; j++) {
      const { z, w } = rules[j]!;
      let l = 0, mm = 0, nn = 0, dl = 0, dm = 0, dn = 0;
      for (let i = 0; i < z.length; i++) {
        const x = m[j]! + c[j]! * z[i]!;
        const ey = Math.exp(x - u);
        const f = Math.exp(-ey);
        const g = ey * f;
        const wi = w[i]!;
        const wz = wi * z[i]! * beta;
        l += wi * f;
        mm += wi * g;
        nn += wi * x * g;
        dl -= wz * g;
        dm += wz * g * (1 - ey);
        dn += wz * g * (1 + x * (1 - ey));
      }
      L[j] = l; M[j] = mm; N[j] = nn; dL[j] = dl; dM[j] = dm; dN[j] = dn;
    }
    let all = 1;
    for (let j = 0; j < K; j++) all *= L[j]!;
    lse += du * (Math.exp(-Math.exp(-u)) - all);
    for (let k = 0; k < K; k++) dLse[k]! -= du * dL[k]! * others(k, -1);
    for (let a = 0; a < K; a++) {
      const rest = others(a, -1);
      pibar[a]! += du * M[a]! * rest;
      pX[a]! += du * N[a]! * rest;
      for (let k = 0; k < K; k++) {
        if (k === a) {
          dpibar[a * K + k]! += du * dM[a]! * rest;
          dpX[a * K + k]! += du * dN[a]! * rest;
        } else {
          const restK = others(a, k);
          dpibar[a * K + k]! += du * M[a]! * dL[k]! * restK;
          dpX[a * K + k]! += du * N[a]! * dL[k]! * restK;
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
  return { pibar, hbar, dpibar, dhbar };
}

import { normalTrapezoid, Z_MAX } from './normal-trapezoid.js';

/**
 * The one-action factors of the "exponential race" (docs/math.md 4.1) on a grid u_l = u0 + l h:
 * with x = m + c zeta (zeta ~ N(0, 1)) and y = x - u,
 *   L(u) = E[exp(-e^y)],  M(u) = E[e^y exp(-e^y)],  N(u) = E[x e^y exp(-e^y)],  O(u) = E[x e^{2y} exp(-e^y)],
 * and their derivatives in sigma through d/dsigma E[f(x)] = beta E[zeta f'(x)] (docs/math.md 4.1):
 *   dL = -beta E[zeta g],  dM = beta E[zeta g (1 - e^y)],  dN = beta E[zeta (g + x g (1 - e^y))],
 *   dO = beta E[zeta (o + x o (2 - e^y))],  with g = e^y exp(-e^y), o = e^{2y} exp(-e^y).
 * O and dO are only needed for E[H p_a] (the realised-length Eq. 10).
 */
export const RACE_FACTORS = ['L', 'M', 'N', 'O', 'dL', 'dM', 'dN', 'dO'] as const;
export const FACTOR_COUNT = RACE_FACTORS.length;

/** Grid step of u (and of x on the lattice path). The integrands are analytic in a strip |Im u| < pi/2, h = 0.25 matches the one-dimensional K = 2 form to 1e-11 (h = 0.3: 1e-8). */
export const RACE_STEP = 0.25;
/** Below y = -Y_LOW, exp(-e^y) = 1 and g, o < 3e-16; above Y_HIGH, exp(-e^y) < 3e-24. */
const Y_LOW = 36;
const Y_HIGH = 4;
/** Smallest c = beta sigma put on the shared lattice (the Gaussian weights on a lattice of step h are exact to exp(-2 pi^2 c^2 / h^2)). */
const LATTICE_MIN_SCALE = 0.5;
/** Lattice nodes cover m +- Z_LATTICE c (the normal mass beyond 9 is 2e-19). */
const Z_LATTICE = 9;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Kernel values at y = k h for k >= kLow, five per k: exp(-e^y), g, g (1 - e^y), o, o (2 - e^y). */
interface Kernel {
  kLow: number;
  table: Float64Array;
}

let kernelCache: Kernel | undefined;

function kernel(): Kernel {
  if (kernelCache) return kernelCache;
  const kLow = -Math.ceil(Y_LOW / RACE_STEP);
  const n = Math.ceil(Y_HIGH / RACE_STEP) - kLow + 1;
  const table = new Float64Array(5 * n);
  for (let i = 0; i < n; i++) {
    const ey = Math.exp((kLow + i) * RACE_STEP);
    const f = Math.exp(-ey);
    table.set([f, ey * f, ey * f * (1 - ey), ey * ey * f, ey * ey * f * (2 - ey)], 5 * i);
  }
  kernelCache = { kLow, table };
  return kernelCache;
}

/** Half-width in x of an action's nodes: Z_LATTICE c on the lattice, Z_MAX c for the trapezoid rule in zeta. */
function reach(c: number): number {
  return (c >= LATTICE_MIN_SCALE ? Z_LATTICE : Z_MAX) * c;
}

/** The u-grid shared by a state's actions: u0 and the number of points covering every action's support. */
export function raceGrid(m: readonly number[], c: readonly number[]): { u0: number; points: number } {
  let low = -Infinity;
  let high = -Infinity;
  for (let j = 0; j < m.length; j++) {
    low = Math.max(low, m[j]! - reach(c[j]!));
    high = Math.max(high, m[j]! + reach(c[j]!));
  }
  // Below low - Y_LOW the action with the highest floor has e^y > e^40 at every node, so prod L = 0.
  const u0 = Math.floor((low - Y_LOW) / RACE_STEP) * RACE_STEP;
  return { u0, points: Math.ceil((high + Y_LOW - u0) / RACE_STEP) + 1 };
}

/**
 * Writes the factors of one action (mean m, scale c = beta sigma) at every grid point into
 * out[f * stride + offset + l] for factor f of RACE_FACTORS, l < points.
 */
export function raceFactors(
  m: number, c: number, beta: number, u0: number, points: number, out: Float64Array, stride: number, offset: number, withO = true,
): void {
  if (c >= LATTICE_MIN_SCALE) latticeFactors(m, c, beta, u0, points, out, stride, offset, withO);
  else directFactors(m, c, beta, u0, points, out, stride, offset);
}

/**
 * Nodes on the grid's own lattice x_i = u0 + i h with weights h phi((x_i - m) / c) / c, so
 * y = x_i - u_l = (i - l) h takes its kernel values from a table; nodes with y < -Y_LOW count
 * only in L (exp(-e^y) = 1), through a running sum of their weights.
 */
function latticeFactors(m: number, c: number, beta: number, u0: number, points: number, out: Float64Array, stride: number, offset: number, withO: boolean): void {
  const h = RACE_STEP;
  const { kLow, table } = kernel();
  const kHigh = kLow + table.length / 5 - 1;
  const iMin = Math.ceil((m - reach(c) - u0) / h);
  const iMax = Math.floor((m + reach(c) - u0) / h);
  const n = iMax - iMin + 1;
  const weights = new Float64Array(4 * n); // per node: w, w x, beta w zeta, beta w zeta x
  const below = new Float64Array(n + 1); // below[i] = sum of w over nodes < i
  for (let i = 0; i < n; i++) {
    const x = u0 + (iMin + i) * h;
    const z = (x - m) / c;
    const wi = (h / c) * INV_SQRT_2PI * Math.exp(-0.5 * z * z);
    weights[4 * i] = wi;
    weights[4 * i + 1] = wi * x;
    weights[4 * i + 2] = beta * wi * z;
    weights[4 * i + 3] = beta * wi * z * x;
    below[i + 1] = below[i]! + wi;
  }
  for (let l = 0; l < points; l++) {
    // Node i (absolute index iMin + i) meets kernel entry (iMin + i - l) - kLow.
    const first = Math.max(0, l + kLow - iMin);
    const last = Math.min(n - 1, l + kHigh - iMin);
    let L = below[Math.min(first, n)]!;
    let M = 0, N = 0, O = 0, dL = 0, dM = 0, dN = 0, dO = 0;
    let k5 = 5 * (iMin + first - l - kLow);
    for (let i4 = 4 * first; i4 <= 4 * last; i4 += 4, k5 += 5) {
      const w = weights[i4]!, wx = weights[i4 + 1]!, wz = weights[i4 + 2]!, wzx = weights[i4 + 3]!;
      const g = table[k5 + 1]!, g1 = table[k5 + 2]!;
      L += w * table[k5]!;
      M += w * g;
      N += wx * g;
      dL -= wz * g;
      dM += wz * g1;
      dN += wz * g + wzx * g1;
    }
    if (withO) {
      k5 = 5 * (iMin + first - l - kLow);
      for (let i4 = 4 * first; i4 <= 4 * last; i4 += 4, k5 += 5) {
        const o = table[k5 + 3]!;
        O += weights[i4 + 1]! * o;
        dO += weights[i4 + 2]! * o + weights[i4 + 3]! * table[k5 + 4]!;
      }
    }
    store(out, stride, offset + l, L, M, N, O, dL, dM, dN, dO);
  }
}

/** Small scales: the trapezoid rule of docs/math.md 4.2 in zeta, kernel evaluated at each node. */
function directFactors(m: number, c: number, beta: number, u0: number, points: number, out: Float64Array, stride: number, offset: number): void {
  const { z, w } = normalTrapezoid(c);
  for (let l = 0; l < points; l++) {
    const u = u0 + l * RACE_STEP;
    let L = 0, M = 0, N = 0, O = 0, dL = 0, dM = 0, dN = 0, dO = 0;
    for (let i = 0; i < z.length; i++) {
      const x = m + c * z[i]!;
      const ey = Math.exp(x - u);
      const fi = Math.exp(-ey);
      const gi = ey * fi;
      const oi = ey * gi;
      const wi = w[i]!;
      const wzi = beta * wi * z[i]!;
      L += wi * fi;
      M += wi * gi;
      N += wi * x * gi;
      O += wi * x * oi;
      dL -= wzi * gi;
      dM += wzi * gi * (1 - ey);
      dN += wzi * (gi + x * gi * (1 - ey));
      dO += wzi * (oi + x * oi * (2 - ey));
    }
    store(out, stride, offset + l, L, M, N, O, dL, dM, dN, dO);
  }
}

function store(out: Float64Array, stride: number, at: number, L: number, M: number, N: number, O: number, dL: number, dM: number, dN: number, dO: number): void {
  out[at] = L;
  out[stride + at] = M;
  out[2 * stride + at] = N;
  out[3 * stride + at] = O;
  out[4 * stride + at] = dL;
  out[5 * stride + at] = dM;
  out[6 * stride + at] = dN;
  out[7 * stride + at] = dO;
}

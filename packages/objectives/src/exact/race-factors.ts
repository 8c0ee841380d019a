import { normalTrapezoid } from './normal-trapezoid.js';
import { LATTICE_MIN_SCALE, reach, type RaceGrid } from './race-grid.js';
import { addTails, advanceTails, quietTails, resetTails, TAIL_SPAN, TAIL_TOP } from './lattice-tails.js';
import { RACE_STEP, raceKernel, Y_LOW } from './race-kernel.js';

/**
 * The one-action factors of the "exponential race" (docs/math.md 4.1) at the grid points u:
 * with x = m + c zeta (zeta ~ N(0, 1)) and y = x - u,
 *   L(u) = E[exp(-e^y)],  M(u) = E[e^y exp(-e^y)],  N(u) = E[x e^y exp(-e^y)],  O(u) = E[x e^{2y} exp(-e^y)],
 * and their derivatives in sigma through d/dsigma E[f(x)] = beta E[zeta f'(x)] (docs/math.md 4.1):
 *   dL = -beta E[zeta g],  dM = beta E[zeta g (1 - e^y)],  dN = beta E[zeta (g + x g (1 - e^y))],
 *   dO = beta E[zeta (o + x o (2 - e^y))],  with g = e^y exp(-e^y), o = e^{2y} exp(-e^y).
 * Value and gradient factors come from the same pass over the nodes. O and dO are only needed for
 * E[H p_a] (the realised-length Eq. 10).
 */
export const RACE_FACTORS = ['L', 'M', 'N', 'O', 'dL', 'dM', 'dN', 'dO'] as const;
export const FACTOR_COUNT = RACE_FACTORS.length;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
/** Grids up to this stride take the kernels' left tails from running sums (lattice-tails.ts), coarser ones sum whole windows. */
const RUNNING_TAIL_STRIDE = 4;
/** Nodes between exact evaluations of the Gaussian weights (in between, two products each: relative drift below RESTART^2 / 2 ulps). */
const RESTART = 8;

/** Scratch of the lattice path, grown when needed: per node w, w x, beta w zeta, beta w zeta x, and the running sums of w. */
let nodeScratch = new Float64Array(0);
let belowScratch = new Float64Array(0);
/** The eight factors of one grid point, in RACE_FACTORS order. */
const sums = new Float64Array(FACTOR_COUNT);

/**
 * Writes the factors of one action (mean m, scale c = beta sigma) at every point of `grid` into
 * out[f * stride + offset + l] for factor f of RACE_FACTORS, l < grid.points.
 */
export function raceFactors(m: number, c: number, beta: number, grid: RaceGrid, out: Float64Array, stride: number, offset: number, withO = true): void {
  if (c >= LATTICE_MIN_SCALE) latticeFactors(m, c, beta, grid, out, stride, offset, withO);
  else directFactors(m, c, beta, grid, out, stride, offset);
}

/**
 * Nodes on the grid's own lattice x_i = u0 + i h with weights h phi((x_i - m) / c) / c, so
 * y = x_i - u takes its kernel values from a table; nodes above y = Y_HIGH count nowhere
 * (exp(-e^y) = 0). On a coarse grid each point sums the nodes of the table's window
 * -Y_LOW <= y <= Y_HIGH, and those below count only in L (exp(-e^y) = 1) through the running sum
 * of their weights; on a fine grid the nodes below y = -5 enter through the running power sums
 * of lattice-tails.ts, which cost a fixed amount per lattice point.
 */
function latticeFactors(m: number, c: number, beta: number, grid: RaceGrid, out: Float64Array, stride: number, offset: number, withO: boolean): void {
  const h = RACE_STEP;
  const { u0 } = grid;
  const iMin = Math.ceil((m - reach(c) - u0) / h);
  const iMax = Math.floor((m + reach(c) - u0) / h);
  const n = iMax - iMin + 1;
  if (nodeScratch.length < 4 * n) nodeScratch = new Float64Array(8 * n);
  if (belowScratch.length < n + 1) belowScratch = new Float64Array(2 * n + 2);
  const weights = nodeScratch;
  const below = belowScratch; // below[i] = sum of w over nodes < i
  below[0] = 0;
  // exp(-z^2 / 2) along the nodes by exp(-z_{i+1}^2 / 2) = exp(-z_i^2 / 2) r_i, r_i = exp(-z_i delta - delta^2 / 2),
  // r_{i+1} = r_i exp(-delta^2) (delta = h / c), restarted from Math.exp every RESTART nodes.
  const delta = h / c;
  const shrink = Math.exp(-delta * delta);
  let gauss = 0;
  let ratio = 0;
  for (let i = 0; i < n; i++) {
    const x = u0 + (iMin + i) * h;
    const z = (x - m) / c;
    if (i % RESTART === 0) {
      gauss = Math.exp(-0.5 * z * z);
      ratio = Math.exp(-z * delta - 0.5 * delta * delta);
    } else {
      gauss *= ratio;
      ratio *= shrink;
    }
    const wi = (h / c) * INV_SQRT_2PI * gauss;
    weights[4 * i] = wi;
    weights[4 * i + 1] = wi * x;
    weights[4 * i + 2] = beta * wi * z;
    weights[4 * i + 3] = beta * wi * z * x;
    below[i + 1] = below[i]! + wi;
  }
  if (grid.stride <= RUNNING_TAIL_STRIDE) runningTailFactors(weights, below, n, iMin, grid, out, stride, offset, withO);
  else windowFactors(weights, below, n, iMin, grid, out, stride, offset, withO);
}

/** The factors at each grid point from every node of the table's window, the nodes below it through the running sum of their weights. */
function windowFactors(weights: Float64Array, below: Float64Array, n: number, iMin: number, grid: RaceGrid, out: Float64Array, stride: number, offset: number, withO: boolean): void {
  const { kLow, kHigh, table } = raceKernel();
  for (let l = 0; l < grid.points; l++) {
    // Grid point l is lattice point l * stride; node i (absolute index iMin + i) meets kernel entry (iMin + i - at) - kLow.
    const at = l * grid.stride;
    const first = Math.max(0, at + kLow - iMin);
    const last = Math.min(n - 1, at + kHigh - iMin);
    sums.fill(0);
    sums[0] = below[Math.min(first, n)]!;
    if (first <= last) windowSums(weights, table, first, last, 5 * (iMin + first - at - kLow), withO);
    store(out, stride, offset + l);
  }
}

/**
 * The factors at each grid point from the nodes with y >= TAIL_TOP h one by one and the nodes
 * below through the running sums of lattice-tails.ts, advanced over every lattice point from
 * TAIL_SPAN steps below the first grid point (or the first node) until TAIL_SPAN steps past the last node.
 */
function runningTailFactors(weights: Float64Array, below: Float64Array, n: number, iMin: number, grid: RaceGrid, out: Float64Array, stride: number, offset: number, withO: boolean): void {
  const { kLow, kHigh, table } = raceKernel();
  // The running sums hold lattice point a: tail nodes i < a + TAIL_TOP (absolute), i.e. below relative node a + TAIL_TOP - iMin.
  let a = Math.max(iMin - TAIL_TOP, -TAIL_SPAN);
  resetTails(below[Math.min(n, Math.max(0, a + TAIL_TOP - iMin))]!);
  const quietFrom = iMin + n - TAIL_TOP + TAIL_SPAN;
  for (let l = 0; l < grid.points; l++) {
    const at = l * grid.stride;
    for (; a < at; a++) {
      if (a >= quietFrom) {
        quietTails();
        a = at;
        break;
      }
      advanceTails(weights, a + TAIL_TOP - iMin, n);
    }
    sums.fill(0);
    if (a === at) addTails(sums, withO);
    const first = Math.max(0, at + TAIL_TOP - iMin);
    const last = Math.min(n - 1, at + kHigh - iMin);
    if (first <= last) windowSums(weights, table, first, last, 5 * (iMin + first - at - kLow), withO);
    store(out, stride, offset + l);
  }
}

/** Adds the nodes first..last of a window to `sums` (kernel entries from k5 on). */
function windowSums(weights: Float64Array, table: Float64Array, first: number, last: number, k5: number, withO: boolean): void {
  let L = sums[0]!, M = sums[1]!, N = sums[2]!, dL = sums[4]!, dM = sums[5]!, dN = sums[6]!;
  for (let i4 = 4 * first, k = k5; i4 <= 4 * last; i4 += 4, k += 5) {
    const w = weights[i4]!, wx = weights[i4 + 1]!, wz = weights[i4 + 2]!, wzx = weights[i4 + 3]!;
    const g = table[k + 1]!, g1 = table[k + 2]!;
    L += w * table[k]!;
    M += w * g;
    N += wx * g;
    dL -= wz * g;
    dM += wz * g1;
    dN += wz * g + wzx * g1;
  }
  sums[0] = L; sums[1] = M; sums[2] = N; sums[4] = dL; sums[5] = dM; sums[6] = dN;
  if (!withO) return;
  let O = sums[3]!, dO = sums[7]!;
  for (let i4 = 4 * first, k = k5; i4 <= 4 * last; i4 += 4, k += 5) {
    const o = table[k + 3]!;
    O += weights[i4 + 1]! * o;
    dO += weights[i4 + 2]! * o + weights[i4 + 3]! * table[k + 4]!;
  }
  sums[3] = O; sums[7] = dO;
}

/**
 * Small scales: the trapezoid rule of docs/math.md 4.2 in zeta, kernel evaluated at each node.
 * Where every node has y > 8 the factors are 0; where every node has y < -Y_LOW the kernels are
 * their first-order tails (exp(-e^y) = 1 - e^y, g = g(1 - e^y) = e^y, o = o(2 - e^y) / 2 = e^{2y},
 * relative error below e^-36), so each factor is a fixed sum over the nodes times e^{m - u} or e^{2(m - u)}.
 */
function directFactors(m: number, c: number, beta: number, grid: RaceGrid, out: Float64Array, stride: number, offset: number): void {
  const { z, w } = normalTrapezoid(c);
  const tail = directTail(m, c, beta, z, w);
  const { u0, points } = grid;
  const step = grid.stride * RACE_STEP;
  const zeroBelow = m - reach(c) - 8;
  const tailAbove = m + reach(c) + Y_LOW;
  for (let l = 0; l < points; l++) {
    const u = u0 + l * step;
    sums.fill(0);
    if (u > tailAbove) {
      const e = Math.exp(m - u);
      sums[0] = tail[0]! - e * tail[1]!;
      sums[1] = e * tail[1]!;
      sums[2] = e * tail[2]!;
      sums[3] = e * e * tail[3]!;
      sums[4] = -e * tail[4]!;
      sums[5] = e * tail[4]!;
      sums[6] = e * tail[5]!;
      sums[7] = e * e * tail[6]!;
    } else if (u >= zeroBelow) {
      directSums(m, c, beta, u, z, w);
    }
    store(out, stride, offset + l);
  }
}

/** The node sums of the first-order tails: sum w, sum w t, sum w x t, sum w x t^2, beta sum w zeta t, beta sum w zeta (1 + x) t, beta sum w zeta (1 + 2x) t^2, with t = e^{x - m}. */
function directTail(m: number, c: number, beta: number, z: Float64Array, w: Float64Array): Float64Array {
  const tail = new Float64Array(7);
  for (let i = 0; i < z.length; i++) {
    const x = m + c * z[i]!;
    const t = Math.exp(x - m);
    const wt = w[i]! * t;
    const wzt = beta * wt * z[i]!;
    tail[0]! += w[i]!;
    tail[1]! += wt;
    tail[2]! += wt * x;
    tail[3]! += wt * t * x;
    tail[4]! += wzt;
    tail[5]! += wzt * (1 + x);
    tail[6]! += wzt * t * (1 + 2 * x);
  }
  return tail;
}

/** The factors at one grid point u, every node's kernel evaluated. */
function directSums(m: number, c: number, beta: number, u: number, z: Float64Array, w: Float64Array): void {
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
  sums[0] = L; sums[1] = M; sums[2] = N; sums[3] = O; sums[4] = dL; sums[5] = dM; sums[6] = dN; sums[7] = dO;
}

function store(out: Float64Array, stride: number, at: number): void {
  for (let f = 0; f < FACTOR_COUNT; f++) out[f * stride + at] = sums[f]!;
}

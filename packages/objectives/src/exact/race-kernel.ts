/**
 * Lattice step of the exponential race (docs/math.md 4.1): nodes x_i = u0 + i h of every action and
 * the grid points u of a state's integrals sit on this lattice, so y = x - u is a multiple of h.
 * The kernels are analytic in a strip |Im y| < pi/2, so the node sums are exact to about
 * exp(-pi^2 / h) = 7e-18 at h = 0.25 (h = 0.3: 5e-15).
 */
export const RACE_STEP = 0.25;
/** Below y = -Y_LOW, exp(-e^y) = 1 and g, o < 3e-16 (the table stops there). */
export const Y_LOW = 36;
/** Above y = Y_HIGH, exp(-e^y) < 3e-24 (the table stops there). */
export const Y_HIGH = 4;

/**
 * Kernel values at y = k h for kLow <= k <= kHigh, five per k:
 * exp(-e^y), g = e^y exp(-e^y), g (1 - e^y), o = e^{2y} exp(-e^y), o (2 - e^y).
 */
export interface RaceKernel {
  kLow: number;
  kHigh: number;
  table: Float64Array;
}

let kernelCache: RaceKernel | undefined;

/** The shared kernel table (built once). */
export function raceKernel(): RaceKernel {
  if (kernelCache) return kernelCache;
  const kLow = -Math.ceil(Y_LOW / RACE_STEP);
  const kHigh = Math.ceil(Y_HIGH / RACE_STEP);
  const n = kHigh - kLow + 1;
  const table = new Float64Array(5 * n);
  for (let i = 0; i < n; i++) {
    const ey = Math.exp((kLow + i) * RACE_STEP);
    const f = Math.exp(-ey);
    const g = ey * f;
    const o = ey * ey * f;
    table[5 * i] = f;
    table[5 * i + 1] = g;
    table[5 * i + 2] = g * (1 - ey);
    table[5 * i + 3] = o;
    table[5 * i + 4] = o * (2 - ey);
  }
  kernelCache = { kLow, kHigh, table };
  return kernelCache;
}

import { Z_MAX } from './normal-trapezoid.js';
import { RACE_STEP, Y_LOW } from './race-kernel.js';

/** Smallest c = beta sigma put on the shared lattice (the Gaussian weights on a lattice of step h are exact to exp(-2 pi^2 c^2 / h^2)). */
export const LATTICE_MIN_SCALE = 0.5;
/** Lattice nodes cover m +- Z_LATTICE c (the normal mass beyond 9 is 2e-19). */
const Z_LATTICE = 9;
/**
 * Grid step over c_eff = (sum_j c_j^-2)^(-1/2) (docs/math.md 4.6): every integrand is a product of
 * one factor per action, each a Gaussian of scale c_j smoothed by a kernel, so its Fourier transform
 * falls like exp(-c_eff^2 w^2 / 2) and the trapezoid rule of step H errs by about
 * exp(-2 pi^2 c_eff^2 / H^2): exp(-79) at H = 0.5 c_eff (measured: 1e-8 at H = c_eff, none at 0.8 c_eff).
 */
export const STEP_PER_SCALE = 0.5;
/** Every factor of an action vanishes where all its nodes have y = x - u > Y_ZERO: exp(-e^8) underflows to 0 (the lattice table already stops at y = 4). */
const Y_ZERO = 8;

/**
 * The grid of one state's race integrals: points u_l = u0 + l H, H = stride * RACE_STEP, l < points,
 * on the lattice of the actions' nodes. `pivot` is the point nearest 0 (the largest mean), where the
 * step function of the log-sum-exp integral jumps (docs/math.md 4.6).
 */
export interface RaceGrid {
  u0: number;
  stride: number;
  points: number;
  pivot: number;
}

/** Half-width in x of an action's nodes: Z_LATTICE c on the lattice, Z_MAX c for the trapezoid rule in zeta. */
export function reach(c: number): number {
  return (c >= LATTICE_MIN_SCALE ? Z_LATTICE : Z_MAX) * c;
}

/**
 * The grid shared by a state's actions (means m with maximum 0, scales c): from Y_ZERO below the
 * highest floor of an action's nodes (below it that action's factors, and so every integrand, are 0)
 * to Y_LOW above the highest top (above it every L is 1 and the other factors are below 3e-16 of
 * the weight of the top nodes), with the largest step the smoothness of the integrands allows:
 * the multiple of RACE_STEP nearest below stepPerScale c_eff, at least RACE_STEP (stepPerScale = 0
 * gives the plain lattice step).
 */
export function raceGrid(m: ArrayLike<number>, c: ArrayLike<number>, stepPerScale = STEP_PER_SCALE): RaceGrid {
  let low = -Infinity;
  let high = -Infinity;
  let inverseSquares = 0;
  for (let j = 0; j < m.length; j++) {
    low = Math.max(low, m[j]! - reach(c[j]!));
    high = Math.max(high, m[j]! + reach(c[j]!));
    inverseSquares += 1 / (c[j]! * c[j]!);
  }
  const cEff = 1 / Math.sqrt(inverseSquares);
  const stride = Math.max(1, Math.floor((stepPerScale * cEff) / RACE_STEP));
  const step = stride * RACE_STEP;
  const u0 = Math.floor((low - Y_ZERO) / RACE_STEP) * RACE_STEP;
  const points = Math.ceil((high + Y_LOW - u0) / step) + 1;
  const pivot = Math.min(points - 1, Math.max(0, Math.round(-u0 / step)));
  return { u0, stride, points, pivot };
}

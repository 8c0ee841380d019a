import { RACE_STEP } from './race-kernel.js';

/**
 * The left tails of the race kernels as running sums (docs/math.md 4.6). At and below lattice
 * offset TAIL_TOP - 1 (y <= -5.25) every kernel is a power series in t = e^y <= 0.0053:
 *   exp(-t) = sum_n (-1)^n t^n / n!,  g = t exp(-t),  g (1 - t),  o = t^2 exp(-t),  o (2 - t),
 * cut after the powers t^0 .. t^6 (remainder below t^7 / 5! = 1e-18). So the sum of a node sequence
 * v_i times a kernel over the tail nodes i <= a + TAIL_TOP - 1 of lattice point a is
 * sum_n coefficient_n R_n(a) with R_n(a) = sum_{tail nodes} v_i e^{n (i - a) h}, and moving to
 * a + 1 is R_n(a + 1) = e^{-n h} R_n(a) + v_{a + TAIL_TOP} e^{n (TAIL_TOP - 1) h}: O(POWERS) per
 * lattice point and sequence instead of one product per tail node.
 */
export const TAIL_TOP = -20;
const POWERS = 7;
/** Node sequences, four numbers per node in the lattice scratch: w, w x, beta w zeta, beta w zeta x. */
const SEQUENCES = 4;

function coefficients(): { f: Float64Array; g: Float64Array; g1: Float64Array; o: Float64Array; o2: Float64Array } {
  const f = new Float64Array(POWERS);
  let factorial = 1;
  for (let n = 0; n < POWERS; n++) {
    if (n > 0) factorial *= n;
    f[n] = (n % 2 === 0 ? 1 : -1) / factorial;
  }
  const shift = (v: Float64Array, by: number) => Float64Array.from(v, (_, n) => (n >= by ? v[n - by]! : 0));
  const g = shift(f, 1);
  const o = shift(f, 2);
  const g1 = Float64Array.from(g, (v, n) => v - (n >= 1 ? g[n - 1]! : 0));
  const o2 = Float64Array.from(o, (v, n) => 2 * v - (n >= 1 ? o[n - 1]! : 0));
  return { f, g, g1, o, o2 };
}

const C = coefficients();
/** e^{-n h} and e^{n (TAIL_TOP - 1) h}. */
const DECAY = Float64Array.from({ length: POWERS }, (_, n) => Math.exp(-n * RACE_STEP));
const ENTRY = Float64Array.from({ length: POWERS }, (_, n) => Math.exp(n * (TAIL_TOP - 1) * RACE_STEP));
/** Where each sequence's R_n start in `running`. */
const W = 0;
const WX = POWERS;
const WZ = 2 * POWERS;
const WZX = 3 * POWERS;
/** R_n of each sequence at the current lattice point: running[s * POWERS + n]. */
const running = new Float64Array(SEQUENCES * POWERS);

/**
 * Nodes more than TAIL_SPAN lattice steps below a point add less than e^-40 of their weight to
 * g, g (1 - t), o and o (2 - t) there (and to 1 - exp(-t)): they count only through the sum of their weights.
 */
export const TAIL_SPAN = 160;

/** Starts the running sums at a lattice point whose tail holds nodes of total weight `weight`, all more than TAIL_SPAN steps below. */
export function resetTails(weight: number): void {
  running.fill(0);
  running[W] = weight;
}

/** Drops the powers n >= 1 once the last node is more than TAIL_SPAN steps below (only the total weight is left). */
export function quietTails(): void {
  running.fill(0, W + 1, W + POWERS);
  running.fill(0, WX);
}

/** Moves the running sums to the next lattice point: node `node` of `weights` (none when out of range) joins the tail. */
export function advanceTails(weights: Float64Array, node: number, nodes: number): void {
  const enters = node >= 0 && node < nodes;
  for (let s = 0; s < SEQUENCES; s++) {
    const v = enters ? weights[SEQUENCES * node + s]! : 0;
    const base = s * POWERS;
    for (let n = 0; n < POWERS; n++) running[base + n] = DECAY[n]! * running[base + n]! + v * ENTRY[n]!;
  }
}

/** Adds the tail nodes' part of the eight factors (RACE_FACTORS order) to `sums`; O and dO only `withO`. */
export function addTails(sums: Float64Array, withO: boolean): void {
  let L = 0, M = 0, N = 0, dL = 0, dM = 0, dN = 0;
  for (let n = 0; n < POWERS; n++) {
    const g = C.g[n]!, g1 = C.g1[n]!;
    L += C.f[n]! * running[W + n]!;
    M += g * running[W + n]!;
    N += g * running[WX + n]!;
    dL -= g * running[WZ + n]!;
    dM += g1 * running[WZ + n]!;
    dN += g * running[WZ + n]! + g1 * running[WZX + n]!;
  }
  sums[0]! += L; sums[1]! += M; sums[2]! += N; sums[4]! += dL; sums[5]! += dM; sums[6]! += dN;
  if (!withO) return;
  let O = 0, dO = 0;
  for (let n = 0; n < POWERS; n++) {
    O += C.o[n]! * running[WX + n]!;
    dO += C.o[n]! * running[WZ + n]! + C.o2[n]! * running[WZX + n]!;
  }
  sums[3]! += O; sums[7]! += dO;
}

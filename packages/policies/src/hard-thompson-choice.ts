import { exp, log, normalCdf } from '@dra/core';

/** Simpson nodes on z in [-Z_MAX, Z_MAX]; odd. */
const NODES = 1601;
const Z_MAX = 8;
const STEP = (2 * Z_MAX) / (NODES - 1);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Choice distribution of hard Thompson sampling at one state, the distribution behind the
 * paper's choice-entropy maps (docs/tasks.md 1): with u_k = q_k + sigma_k zeta_k, zeta ~ N(0, I),
 *   P(a = k) = integral phi(z) prod_{j != k} Phi((q_k + sigma_k z - q_j) / sigma_j) dz,
 * by Simpson's rule on z in [-8, 8] (1601 nodes), then renormalised to sum to 1.
 * Reads memories `start .. start + count - 1`; writes `count` values into `out[outOffset ..]`.
 * A memory with sigma = 0 is a point mass; exact ties go to the lowest index, as in
 * `HardThompson.act`. NaN in q or sigma gives NaN probabilities. Allocates nothing.
 */
export function hardThompsonChoiceInto(
  out: Float64Array,
  outOffset: number,
  mean: ArrayLike<number>,
  sigma: ArrayLike<number>,
  start: number,
  count: number,
): void {
  if (count === 1) {
    out[outOffset] = Number.isNaN(mean[start]!) || Number.isNaN(sigma[start]!) ? NaN : 1;
    return;
  }
  let total = 0;
  for (let k = 0; k < count; k++) {
    const qk = mean[start + k]!;
    const sk = sigma[start + k]!;
    let integral = 0;
    for (let n = 0; n < NODES; n++) {
      const z = -Z_MAX + n * STEP;
      const u = sk === 0 ? qk : qk + sk * z;
      let product = INV_SQRT_2PI * exp(-0.5 * z * z);
      for (let j = 0; j < count && product !== 0; j++) {
        if (j === k) continue;
        const d = u - mean[start + j]!;
        const sj = sigma[start + j]!;
        // Phi(d / sigma_j); a point mass (sigma_j = 0) or an exact tie resolves as argmax does.
        product *= sj > 0 ? normalCdf(d / sj) : d > 0 ? 1 : d < 0 ? 0 : d === 0 ? (j > k ? 1 : 0) : NaN;
      }
      const weight = n === 0 || n === NODES - 1 ? 1 : n % 2 === 1 ? 4 : 2;
      integral += weight * product;
    }
    integral *= STEP / 3;
    out[outOffset + k] = integral;
    total += integral;
  }
  for (let k = 0; k < count; k++) out[outOffset + k] = out[outOffset + k]! / total;
}

/**
 * Entropy (nats) of the hard-Thompson choice at one state, -sum_k P_k ln P_k, with P from
 * `hardThompsonChoiceInto`; `scratch` holds at least `count` values. 0 for one-action states.
 */
export function hardThompsonChoiceEntropy(
  scratch: Float64Array,
  mean: ArrayLike<number>,
  sigma: ArrayLike<number>,
  start: number,
  count: number,
): number {
  hardThompsonChoiceInto(scratch, 0, mean, sigma, start, count);
  let h = 0;
  for (let k = 0; k < count; k++) {
    const p = scratch[k]!;
    if (p > 0) h -= p * log(p);
    else if (Number.isNaN(p)) return NaN;
  }
  return h;
}

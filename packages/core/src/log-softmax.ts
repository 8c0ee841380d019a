import { exp } from './exp.js';
import { log } from './log.js';

/**
 * Numerically stable log-softmax of `beta * x` over `x[offset .. offset + count)`:
 *   lp_k = beta x_k - logsumexp(beta x),   with the maximum subtracted first (docs/math.md 5).
 * Writes `lp` into `out[outOffset ..]` and returns log(sum_j exp(beta x_j - max)), the
 * normaliser after the shift. `beta` may be any positive finite number; infinite
 * inputs give lp = -Infinity for the losing entries and 0 for the winner(s) only when
 * the maximum is finite, so callers keep `x` finite.
 * Mirrored in WebAssembly: packages/agent/assembly/wasm-kernel.ts `actRecorded` (the normaliser) and
 * `entropyTerms` (docs/kernel-mirror.md).
 */
export function logSoftmaxInto(
  out: Float64Array,
  outOffset: number,
  x: ArrayLike<number>,
  offset: number,
  count: number,
  beta: number,
): number {
  let max = -Infinity;
  for (let k = 0; k < count; k++) {
    const v = beta * x[offset + k]!;
    if (v > max) max = v;
  }
  let total = 0;
  for (let k = 0; k < count; k++) total += exp(beta * x[offset + k]! - max);
  const logTotal = log(total);
  for (let k = 0; k < count; k++) out[outOffset + k] = beta * x[offset + k]! - max - logTotal;
  return logTotal;
}

/**
 * Stable softmax of `beta * x`: p_k = exp(beta x_k - max) / sum_j exp(beta x_j - max).
 * Writes p into `out[outOffset ..]`; sums to 1 up to rounding for any finite input.
 */
export function softmaxInto(
  out: Float64Array,
  outOffset: number,
  x: ArrayLike<number>,
  offset: number,
  count: number,
  beta: number,
): void {
  let max = -Infinity;
  for (let k = 0; k < count; k++) {
    const v = beta * x[offset + k]!;
    if (v > max) max = v;
  }
  let total = 0;
  for (let k = 0; k < count; k++) {
    const e = exp(beta * x[offset + k]! - max);
    out[outOffset + k] = e;
    total += e;
  }
  const inv = 1 / total;
  for (let k = 0; k < count; k++) out[outOffset + k]! *= inv;
}

/**
 * Samples an index from probabilities `p[offset .. offset + count)` with one uniform u in
 * [0, 1): the first k whose cumulative probability exceeds u (the last index otherwise,
 * which absorbs rounding).
 * Mirrored in WebAssembly: packages/agent/assembly/wasm-kernel.ts `act`, inlined (docs/kernel-mirror.md).
 */
export function sampleCategorical(p: ArrayLike<number>, offset: number, count: number, u: number): number {
  let cumulative = 0;
  const last = count - 1;
  for (let k = 0; k < last; k++) {
    cumulative += p[offset + k]!;
    if (u < cumulative) return k;
  }
  return last;
}

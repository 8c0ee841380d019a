import { exp } from './exp.js';

/**
 * Entropy of a categorical distribution given its log-probabilities `lp` (docs/math.md 1):
 *   H = -sum_k p_k lp_k,  p_k = exp(lp_k).
 * Entries with lp_k = -Infinity (underflowed probabilities) contribute 0, never NaN.
 * Mirrored in WebAssembly: packages/agent/assembly/wasm-kernel.ts `entropyTerms` (docs/kernel-mirror.md).
 */
export function entropyFromLogProbabilities(lp: ArrayLike<number>, offset: number, count: number): number {
  let h = 0;
  for (let k = 0; k < count; k++) {
    const l = lp[offset + k]!;
    if (l > -Infinity) h -= exp(l) * l;
  }
  return h;
}

/**
 * Pathwise derivative of the noisy-softmax entropy with respect to the noise scales, at
 * fixed noise (docs/math.md 2):
 *   dH / dsigma_k = -beta * zeta_k * p_k * (lp_k + H).
 * Reads zeta and lp at `offset`, writes K values into `out[outOffset ..]`.
 * Mirrored in WebAssembly: packages/agent/assembly/wasm-kernel.ts `entropyTerms` (docs/kernel-mirror.md).
 */
export function entropySigmaGradientInto(
  out: Float64Array,
  outOffset: number,
  zeta: ArrayLike<number>,
  zetaOffset: number,
  lp: ArrayLike<number>,
  lpOffset: number,
  count: number,
  beta: number,
  entropy: number,
): void {
  for (let k = 0; k < count; k++) {
    const l = lp[lpOffset + k]!;
    // p_k (lp_k + H) -> 0 as lp_k -> -inf; guard the 0 * inf case.
    out[outOffset + k] = l > -Infinity ? -beta * zeta[zetaOffset + k]! * exp(l) * (l + entropy) : 0;
  }
}

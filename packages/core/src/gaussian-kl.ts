import { log } from './log.js';

/**
 * Memory cost of one memory: KL( N(0, sigma^2) || N(0, sb^2) ) with sb = sigma_base
 * (docs/math.md 1):
 *   KL(sigma) = log(sb / sigma) + sigma^2 / (2 sb^2) - 1/2,   KL'(sigma) = sigma / sb^2 - 1 / sigma.
 * Written as a sum of logs (never through a determinant, which overflows; docs/tasks.md 5).
 */
export function gaussianKl(sigma: number, sigmaBase: number): number {
  const ratio = sigma / sigmaBase;
  return -log(ratio) + 0.5 * ratio * ratio - 0.5;
}

/** d KL / d sigma = sigma / sb^2 - 1 / sigma. Mirrored in WebAssembly: packages/agent/assembly/wasm-kernel.ts `klSumOf` (docs/kernel-mirror.md). */
export function gaussianKlDerivative(sigma: number, sigmaBase: number): number {
  return sigma / (sigmaBase * sigmaBase) - 1 / sigma;
}

/**
 * Mirrored in WebAssembly, with `gaussianKl`: packages/agent/assembly/wasm-kernel.ts `klSumOf` (docs/kernel-mirror.md).
 * KL summed over `sigma[start .. end)`: the cost of a state's memories, or of the whole
 * table. Entries flagged in `skip` (memories known exactly) cost nothing.
 */
export function gaussianKlSum(sigma: Float64Array, sigmaBase: number, start = 0, end = sigma.length, skip?: Uint8Array): number {
  let total = 0;
  for (let i = start; i < end; i++) {
    if (skip !== undefined && skip[i] !== 0) continue;
    total += gaussianKl(sigma[i]!, sigmaBase);
  }
  return total;
}

/** out[i] += weight * KL'(sigma[i]) for every i in [start, end) not flagged in `skip`. */
export function addGaussianKlGradient(
  out: Float64Array,
  sigma: Float64Array,
  sigmaBase: number,
  weight: number,
  start = 0,
  end = sigma.length,
  skip?: Uint8Array,
): void {
  const invB2 = 1 / (sigmaBase * sigmaBase);
  for (let i = start; i < end; i++) {
    if (skip !== undefined && skip[i] !== 0) continue;
    const s = sigma[i]!;
    out[i]! += weight * (s * invB2 - 1 / s);
  }
}

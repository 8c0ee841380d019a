import { BadInputError } from './errors.js';
/**
 * Projected gradient-ascent step on the noise scales (docs/math.md 5):
 *   sigma_i <- clip( sigma_i + alpha * gradient_i, sigmaMin, sigmaMax )
 * for every memory whose `frozen` flag (if given) is 0. A non-finite gradient entry is
 * rejected with an error naming the memory, before anything is changed.
 */
export function sigmaAscentStep(
  sigma: Float64Array,
  gradient: Float64Array,
  alpha: number,
  sigmaMin: number,
  sigmaMax: number,
  frozen?: Uint8Array,
): void {
  const n = sigma.length;
  for (let i = 0; i < n; i++) {
    const g = gradient[i]!;
    if (g - g !== 0) throw new BadInputError(`sigma gradient of memory ${i} is not finite (${g}): a term of the objective overflowed; smaller lambda, beta or rewards, or a larger sigma-base, keep it finite`);
  }
  for (let i = 0; i < n; i++) {
    if (frozen !== undefined && frozen[i] !== 0) continue;
    sigma[i] = Math.min(sigmaMax, Math.max(sigmaMin, sigma[i]! + alpha * gradient[i]!));
  }
}

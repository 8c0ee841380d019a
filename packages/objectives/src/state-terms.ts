import { gaussianKlDerivative, gaussianKlSum, type MemoryTable, type Policy, type TrajectoryBuffer } from '@dra/core';

/**
 * Weights of the state-level terms an objective puts on each visited step (docs/math.md 3.1):
 *   c_t = entropy * H_t - visitCost * KL(s_t),
 *   D_t = entropy * dH_t/dsigma - visitCost * KL'(sigma(s_t, .)),
 * and of the realised-length entropy term meanEntropy * Y, Y = (1/L) sum_t H_t (docs/math.md 3.5, reading 2).
 * DRA: all 0; Eq. 8: lambda, lambda, 0; Eq. 10: lambda / T_ref, 0, 0, or with the realised
 * length 0, 0, lambda. Memories known exactly (memory.known) pay no visit cost.
 */
export interface StateTermWeights {
  entropy: number;
  visitCost: number;
  sigmaBase: number;
  meanEntropy?: number;
}

/** Adds D_t into the memories of s_t and returns c_t (`dH` is scratch of at least K entries). Mirrored in WebAssembly: assembly/wasm-kernel.ts `stateTerm`. */
export function addStateTerm(
  weights: StateTermWeights,
  buffer: TrajectoryBuffer,
  memory: MemoryTable,
  policy: Policy,
  t: number,
  dH: Float64Array,
  gradient: Float64Array,
): number {
  const { entropy: wH, visitCost: wKl, sigmaBase } = weights;
  const s = buffer.states[t]!;
  const start = memory.actionStart[s]!;
  const count = memory.actionStart[s + 1]! - start;
  const known = memory.known;
  let c = 0;
  if (wH !== 0) {
    const h = policy.entropyGradient(memory, buffer, t, dH);
    c += wH * h;
    for (let k = 0; k < count; k++) if (known[start + k] === 0) gradient[start + k]! += wH * dH[k]!;
  }
  if (wKl !== 0) {
    const sigma = memory.sigma;
    c -= wKl * gaussianKlSum(sigma, sigmaBase, start, start + count, known);
    for (let k = 0; k < count; k++) if (known[start + k] === 0) gradient[start + k]! -= wKl * gaussianKlDerivative(sigma[start + k]!, sigmaBase);
  }
  return c;
}

/**
 * Realised-length entropy (docs/math.md 3.5, reading 2), with w = weights.meanEntropy: adds the
 * pathwise part (w / L) dH_t/dsigma into the memories of every visited s_t and returns
 * w Y = (w / L) sum_t H_t, which multiplies the score of every step (0 without the weight).
 * Mirrored in WebAssembly: assembly/wasm-kernel.ts `meanEntropyTerm`.
 */
export function addMeanEntropyTerm(
  weights: StateTermWeights,
  buffer: TrajectoryBuffer,
  memory: MemoryTable,
  policy: Policy,
  dH: Float64Array,
  gradient: Float64Array,
): number {
  const w = weights.meanEntropy ?? 0;
  if (w === 0 || buffer.length === 0) return 0;
  const scale = w / buffer.length;
  const known = memory.known;
  let sum = 0;
  for (let t = 0; t < buffer.length; t++) {
    const s = buffer.states[t]!;
    const start = memory.actionStart[s]!;
    const count = memory.actionStart[s + 1]! - start;
    sum += policy.entropyGradient(memory, buffer, t, dH);
    for (let k = 0; k < count; k++) if (known[start + k] === 0) gradient[start + k]! += scale * dH[k]!;
  }
  return scale * sum;
}

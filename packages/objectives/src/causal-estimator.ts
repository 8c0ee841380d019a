import { gaussianKlDerivative, gaussianKlSum, type MemoryTable, type Policy, type TrajectoryBuffer } from '@dra/core';
import { scratch, type GradientEstimator } from './gradient-estimator.js';

/**
 * Weights of the state-level terms an objective puts on each visited step (MATH.md 3.1):
 *   c_t = entropy * H_t - visitCost * KL(s_t),
 *   D_t = entropy * dH_t/dsigma - visitCost * KL'(sigma(s_t, .)).
 * DRA: both 0. The inference objectives set them (Eq. 8: lambda, lambda; Eq. 10: lambda/T_ref, 0).
 */
export interface StateTermWeights {
  entropy: number;
  visitCost: number;
  sigmaBase: number;
}

/**
 * The unbiased causal estimator of MATH.md 3.1-3.2 with baseline b_t = 0:
 *   ghat(s, k) = sum_{t: s_t = s} [ psi_{t,k} G_t + D_{t,k} ],
 *   G_t = sum_{t' >= t} r_t' + sum_{t' > t} c_t'.
 * The reward of step t is credited to a_t; the state-level term of step t only to earlier
 * actions. One backward pass over the buffer.
 */
export class CausalEstimator implements GradientEstimator {
  readonly id = 'causal';
  readonly unbiased = true;
  private readonly weights: StateTermWeights;
  private entropyGradient: Float64Array = new Float64Array(8);

  constructor(weights: StateTermWeights = { entropy: 0, visitCost: 0, sigmaBase: 1 }) {
    this.weights = { ...weights };
  }

  accumulate(buffer: TrajectoryBuffer, memory: MemoryTable, policy: Policy, gradient: Float64Array): void {
    this.entropyGradient = scratch(this.entropyGradient, memory.maxActions);
    const dH = this.entropyGradient;
    const wH = this.weights.entropy;
    const wKl = this.weights.visitCost;
    const sb = this.weights.sigmaBase;
    const sigma = memory.sigma;
    let toGo = 0;
    for (let t = buffer.length - 1; t >= 0; t--) {
      const s = buffer.states[t]!;
      const start = memory.actionStart[s]!;
      const count = memory.actionStart[s + 1]! - start;
      toGo += buffer.rewards[t]!;
      policy.addScore(memory, buffer, t, toGo, gradient);
      let c = 0;
      if (wH !== 0) {
        const h = policy.entropyGradient(memory, buffer, t, dH);
        c += wH * h;
        for (let k = 0; k < count; k++) gradient[start + k]! += wH * dH[k]!;
      }
      if (wKl !== 0) {
        c -= wKl * gaussianKlSum(sigma, sb, start, start + count);
        for (let k = 0; k < count; k++) gradient[start + k]! -= wKl * gaussianKlDerivative(sigma[start + k]!, sb);
      }
      toGo += c;
    }
  }
}

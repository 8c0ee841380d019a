import { gaussianKlDerivative, gaussianKlSum, type MemoryTable, type Policy, type TrajectoryBuffer } from '@dra/core';
import { scratch, type GradientEstimator, type ScoreFunctionEstimatorId } from './gradient-estimator.js';

/**
 * Weights of the state-level terms an objective puts on each visited step (MATH.md 3.1):
 *   c_t = entropy * H_t - visitCost * KL(s_t),
 *   D_t = entropy * dH_t/dsigma - visitCost * KL'(sigma(s_t, .)),
 * and of the realised-length entropy term meanEntropy * Y, Y = (1/L) sum_t H_t (MATH.md 3.5, reading 2).
 * DRA: all 0; Eq. 8: lambda, lambda, 0; Eq. 10: lambda / T_ref, 0, 0, or with the realised
 * length 0, 0, lambda. Memories known exactly (memory.known) pay no visit cost.
 */
export interface StateTermWeights {
  entropy: number;
  visitCost: number;
  sigmaBase: number;
  meanEntropy?: number;
}

/**
 * The unbiased score-function estimators of MATH.md 3.1-3.3, for one episode:
 *   ghat(s, k) = sum_{t: s_t = s} [ psi_{t,k} (G_t - b_t) + D_{t,k} ],
 *   G_t = sum_{t' >= t} r_t' + sum_{t' > t} c_t'  (the reward of step t is credited to a_t, its
 *   state term only to earlier actions). Variants by id:
 * - 'causal': b_t = 0.
 * - 'full': G_t replaced by the episode total sum_t (r_t + c_t) (MATH.md 3.2, full-episode variant).
 * - 'state-baseline': b_t = running mean of G_t in state s_t over earlier episodes (MATH.md 3.3).
 * - 'noise-baseline': b_t = sum_a p_{t,a} q(s_t, a), the agent's q under this step's noise.
 * - 'all-actions': psi_t (G_t - b_t) replaced by the all-actions control variate with Qhat = q,
 *     beta zeta_k p_k (q_k - sum_a p_a q_a) + psi_{t,k} (G_t - q(s_t, a_t)),
 *   which needs soft Thompson sampling (zeta and p of each step in the buffer).
 * With a realised-length weight w = meanEntropy (MATH.md 3.5, reading 2), Y = (1/L) sum_t H_t
 * depends on every action, so w Y joins the return of every step's score and the pathwise part
 * (w / L) dH_t/dsigma goes to the memories of s_t:
 *   ghat = sum_t [ psi_t (G^r_t + w Y - b_t) + (w / L) dH_t ].
 */
export class ScoreFunctionEstimator implements GradientEstimator {
  readonly id: ScoreFunctionEstimatorId;
  readonly unbiased = true;
  private readonly weights: StateTermWeights;
  private entropyGradient: Float64Array = new Float64Array(8);
  private returnsToGo: Float64Array = new Float64Array(256);
  private stateMean = new Float64Array(0);
  private stateCount = new Float64Array(0);

  constructor(id: ScoreFunctionEstimatorId = 'causal', weights: StateTermWeights = { entropy: 0, visitCost: 0, sigmaBase: 1 }) {
    this.id = id;
    this.weights = { ...weights };
  }

  /** Adds the episode's unbiased estimate of the objective's sigma-gradient (MATH.md 3). */
  accumulate(buffer: TrajectoryBuffer, memory: MemoryTable, policy: Policy, gradient: Float64Array): void {
    if (this.id === 'all-actions' && policy.id !== 'soft-thompson') {
      throw new RangeError(`the all-actions estimator needs soft Thompson sampling, got policy ${policy.id}`);
    }
    this.entropyGradient = scratch(this.entropyGradient, memory.maxActions);
    this.returnsToGo = scratch(this.returnsToGo, buffer.length);
    if (this.id === 'state-baseline' && this.stateMean.length < memory.stateCount) {
      this.stateMean = new Float64Array(memory.stateCount);
      this.stateCount = new Float64Array(memory.stateCount);
    }
    const dH = this.entropyGradient;
    // w Y of the realised-length entropy: a constant added to every step's return.
    const offset = this.addMeanEntropyTerm(buffer, memory, policy, dH, gradient);
    if (this.id === 'full') {
      // Every step's score is weighted by the episode total sum_t (r_t + c_t): first the state
      // terms (adding D_t, summing c_t), then the scores.
      let total = offset;
      for (let t = 0; t < buffer.length; t++) {
        total += buffer.rewards[t]! + this.addStateTerm(buffer, memory, policy, t, buffer.states[t]!, dH, gradient);
      }
      for (let t = 0; t < buffer.length; t++) policy.addScore(memory, buffer, t, total, gradient);
      return;
    }
    let toGo = offset;
    for (let t = buffer.length - 1; t >= 0; t--) {
      const s = buffer.states[t]!;
      toGo += buffer.rewards[t]!;
      this.returnsToGo[t] = toGo;
      this.addScoreTerm(buffer, memory, policy, t, toGo, gradient);
      toGo += this.addStateTerm(buffer, memory, policy, t, s, dH, gradient);
    }
    if (this.id === 'state-baseline') {
      // After the pass: this episode's returns inform later episodes only (b_t must not see a_t).
      for (let t = 0; t < buffer.length; t++) {
        const s = buffer.states[t]!;
        this.stateCount[s]! += 1;
        this.stateMean[s]! += (this.returnsToGo[t]! - this.stateMean[s]!) / this.stateCount[s]!;
      }
    }
  }

  /** psi_t (G - b_t), or the all-actions control variate, into the memories of s_t (the causal variants). */
  private addScoreTerm(buffer: TrajectoryBuffer, memory: MemoryTable, policy: Policy, t: number, G: number, gradient: Float64Array): void {
    const s = buffer.states[t]!;
    const start = memory.actionStart[s]!;
    const count = memory.actionStart[s + 1]! - start;
    const row = t * buffer.maxActions;
    const p = buffer.probabilities;
    const q = memory.mean;
    switch (this.id) {
      case 'causal':
        policy.addScore(memory, buffer, t, G, gradient);
        return;
      case 'state-baseline':
        policy.addScore(memory, buffer, t, G - this.stateMean[s]!, gradient);
        return;
      case 'noise-baseline': {
        let b = 0;
        for (let k = 0; k < count; k++) b += p[row + k]! * q[start + k]!;
        policy.addScore(memory, buffer, t, G - b, gradient);
        return;
      }
      case 'all-actions': {
        let mean = 0;
        for (let k = 0; k < count; k++) mean += p[row + k]! * q[start + k]!;
        const beta = policy.beta;
        for (let k = 0; k < count; k++) {
          gradient[start + k]! += beta * buffer.zeta[row + k]! * p[row + k]! * (q[start + k]! - mean);
        }
        policy.addScore(memory, buffer, t, G - q[start + buffer.actions[t]!]!, gradient);
      }
    }
  }

  /** Adds (w / L) dH_t/dsigma into the memories of every visited s_t and returns w Y (0 without a realised-length weight). */
  private addMeanEntropyTerm(buffer: TrajectoryBuffer, memory: MemoryTable, policy: Policy, dH: Float64Array, gradient: Float64Array): number {
    const w = this.weights.meanEntropy ?? 0;
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

  /** Adds D_t into the memories of s_t and returns c_t. */
  private addStateTerm(buffer: TrajectoryBuffer, memory: MemoryTable, policy: Policy, t: number, s: number, dH: Float64Array, gradient: Float64Array): number {
    const { entropy: wH, visitCost: wKl, sigmaBase } = this.weights;
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
}

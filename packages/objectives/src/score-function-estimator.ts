import { BadInputError } from '@dra/core';
import type { MemoryTable, Policy, TrajectoryBuffer } from '@dra/core';
import type { KernelEstimator } from './objective-description.js';
import { scratch, type EstimatorState, type GradientEstimator, type ScoreFunctionEstimatorId } from './gradient-estimator.js';
import { addMeanEntropyTerm, addStateTerm, type StateTermWeights } from './state-terms.js';

/**
 * The unbiased score-function estimators of docs/math.md 3.1-3.3, for one episode:
 *   ghat(s, k) = sum_{t: s_t = s} [ psi_{t,k} (G_t - b_t) + D_{t,k} ],
 *   G_t = sum_{t' >= t} r_t' + sum_{t' > t} c_t'  (the reward of step t is credited to a_t, its
 *   state term only to earlier actions). Variants by id:
 * - 'causal': b_t = 0.
 * - 'full': G_t replaced by the episode total sum_t (r_t + c_t) (docs/math.md 3.2, full-episode variant).
 * - 'state-baseline': b_t = running mean of G_t in state s_t over earlier episodes (docs/math.md 3.3).
 * - 'noise-baseline': b_t = sum_a p_{t,a} q(s_t, a), the agent's q under this step's noise.
 * - 'all-actions': psi_t (G_t - b_t) replaced by the all-actions control variate with Qhat = q,
 *     beta zeta_k p_k (q_k - sum_a p_a q_a) + psi_{t,k} (G_t - q(s_t, a_t)),
 *   which needs soft Thompson sampling (zeta and p of each step in the buffer).
 * With a realised-length weight w = meanEntropy (docs/math.md 3.5, reading 2), Y = (1/L) sum_t H_t
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

  /**
   * The WebAssembly twin of 'causal' and 'full' with their state terms (the gradient rollouts of
   * @dra/agent, docs/kernel-mirror.md) while `accumulate` and `addScoreTerm` are this class's;
   * null for the other variants and for a subclass that replaces either.
   */
  get kernel(): KernelEstimator | null {
    if (this.id !== 'causal' && this.id !== 'full') return null;
    const own = ScoreFunctionEstimator.prototype;
    if (this.accumulate !== own.accumulate || this['addScoreTerm'] !== own['addScoreTerm']) return null;
    const { entropy, visitCost, sigmaBase, meanEntropy } = this.weights;
    return { estimator: this.id, stateTerms: { entropy, visitCost, sigmaBase, meanEntropy: meanEntropy ?? 0 } };
  }

  /**
   * Adds the episode's unbiased estimate of the objective's sigma-gradient (docs/math.md 3).
   * Mirrored in WebAssembly for 'causal' and 'full': assembly/wasm-kernel.ts `estimateEpisode`.
   */
  accumulate(buffer: TrajectoryBuffer, memory: MemoryTable, policy: Policy, gradient: Float64Array): void {
    if (this.id === 'all-actions' && policy.id !== 'soft-thompson') {
      throw new BadInputError(`the all-actions estimator needs soft Thompson sampling, got policy ${policy.id}`);
    }
    this.entropyGradient = scratch(this.entropyGradient, memory.maxActions);
    this.returnsToGo = scratch(this.returnsToGo, buffer.length);
    if (this.id === 'state-baseline' && this.stateMean.length < memory.stateCount) {
      this.stateMean = new Float64Array(memory.stateCount);
      this.stateCount = new Float64Array(memory.stateCount);
    }
    const dH = this.entropyGradient;
    // w Y of the realised-length entropy: a constant added to every step's return.
    const offset = addMeanEntropyTerm(this.weights, buffer, memory, policy, dH, gradient);
    if (this.id === 'full') {
      // Every step's score is weighted by the episode total sum_t (r_t + c_t): first the state
      // terms (adding D_t, summing c_t), then the scores.
      let total = offset;
      for (let t = 0; t < buffer.length; t++) {
        total += buffer.rewards[t]! + addStateTerm(this.weights, buffer, memory, policy, t, dH, gradient);
      }
      for (let t = 0; t < buffer.length; t++) policy.addScore(memory, buffer, t, total, gradient);
      return;
    }
    let toGo = offset;
    for (let t = buffer.length - 1; t >= 0; t--) {
      toGo += buffer.rewards[t]!;
      this.returnsToGo[t] = toGo;
      this.addScoreTerm(buffer, memory, policy, t, toGo, gradient);
      toGo += addStateTerm(this.weights, buffer, memory, policy, t, dH, gradient);
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

  /** The state baseline's running means ('state-baseline'; the other variants learn nothing). */
  saveState(): EstimatorState {
    return { stateMean: Array.from(this.stateMean), stateCount: Array.from(this.stateCount) };
  }

  restoreState(state: EstimatorState): void {
    this.stateMean = Float64Array.from(state.stateMean ?? []);
    this.stateCount = Float64Array.from(state.stateCount ?? []);
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
}

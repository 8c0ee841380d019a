import { BadInputError, entropyFromLogProbabilities, entropySigmaGradientInto, exp, gaussianKlDerivative, gaussianKlSum, logSoftmaxInto, type MemoryTable, type Policy, type Rng, type TrajectoryBuffer } from '@dra/core';
import { scratch, type CriticEstimatorId, type EstimatorState, type GradientEstimator } from './gradient-estimator.js';
import { addMeanEntropyTerm, type StateTermWeights } from './state-terms.js';

/** Options of the critic estimators. */
export interface CriticEstimatorOptions {
  /**
   * Fresh noise draws per visited state and episode that average out the noise zeta in the
   * terms that do not need the episode's own draw (default 16; 0 uses the step's own draw).
   */
  noiseSamples?: number;
  /** Smallest step of the learned critic's TD update (default 0.2; the first visits average). */
  criticRate?: number;
}

/** Default fresh noise draws per visited state and episode. */
export const CRITIC_NOISE_SAMPLES = 16;
/** Default smallest step of the learned critic. */
export const CRITIC_MIN_RATE = 0.2;

/**
 * Action-value critic estimators with the critic's bias removed (docs/estimators.md, section
 * "Critic estimators"). With a critic Qh(s, a) fixed during the episode, per visited state s
 * and per action k (bars: means over the noise zeta of state s, estimated from M fresh
 * draws independent of the episode, or the step's own draw when M = 0):
 *   A(s, k) = E_zeta[ beta zeta_k p_k (Qh(s, k) - Vh) ],  Vh = sum_a p_a Qh(s, a),  Vbar(s) = E_zeta[Vh],
 *   cbar(s), Dbar(s, k): the objective's state term c and its pathwise derivative D, noise-averaged.
 * One episode adds, for every step t,
 *   ghat(s_t, k) += A(s_t, k) + Dbar(s_t, k) + psi_{t,k} (Delta_t + w (Y - bY)),
 *   delta_t = r_t + cbar(s_{t+1}) + Vbar(s_{t+1}) - Qh(s_t, a_t)   (cbar, Vbar are 0 after the last step),
 *   Delta_t = sum_{t' >= t} delta_t'.
 * Unbiased for any critic: E[psi_{t,k} Qh(s_t, a_t) | s_t, zeta_t] = beta zeta_k p_k (Qh_k - Vh),
 * whose mean over zeta_t (drawn after s_t is known) is A(s_t, k), and
 *   G_t - Qh(s_t, a_t) = Delta_t + sum_{t' > t} [ (Qh(s_t', a_t') - Vh_t') + (Vh_t' - Vbar(s_t')) + (c_t' - cbar(s_t')) ],
 * where each bracketed term has mean 0 given the history up to s_t' (or zeta_t'), on which
 * psi_t is already fixed. The better the critic, the smaller the TD errors delta: with the true
 * action values and deterministic moves, only the Monte Carlo error of the fresh draws is left.
 * With the realised-length entropy of Eq. 10 (w = lambda), Y = (1/L) sum_t H_t multiplies every
 * score, less bY, the running mean of w Y over earlier episodes (a constant baseline), and its
 * pathwise part (w / L) dH_t uses each step's own draw (docs/math.md 3.5).
 * - 'critic': Qh is learned here by expected-SARSA TD(0) on the objective's own undiscounted
 *   return, Qh(s_t, a_t) += rate (r_t + cbar(s_{t+1}) + Vbar(s_{t+1}) - Qh(s_t, a_t)), after the
 *   episode's estimate (rate max(1/n, criticRate)); a memory not yet seen uses the agent's q.
 * - 'q-critic': Qh = q, the agent's own means (the paper's 'Q' critic, its bias removed).
 * The fresh draws come from the generator passed to `accumulate` (the gradient stream).
 */
export class CriticEstimator implements GradientEstimator {
  readonly id: CriticEstimatorId;
  readonly unbiased = true;
  readonly noiseSamples: number;
  readonly criticRate: number;
  private readonly weights: StateTermWeights;
  private entropyGradient: Float64Array = new Float64Array(8);
  /** Per step: cbar and Vbar of its state. */
  private stateTerm: Float64Array = new Float64Array(256);
  private stepValue: Float64Array = new Float64Array(256);
  /** Per state, for the current episode: Vbar, cbar, and per memory A + Dbar; `stamp` marks states done. */
  private valueOf = new Float64Array(0);
  private termOf = new Float64Array(0);
  private gradientOf = new Float64Array(0);
  private stamp = new Float64Array(0);
  /** Scratch of one state: its critic values Qh(s, .), and of one draw: zeta, logits (then dH), log p, p. */
  private stateCritic: Float64Array = new Float64Array(8);
  private draw: Float64Array = new Float64Array(8);
  private logits: Float64Array = new Float64Array(8);
  private logP: Float64Array = new Float64Array(8);
  private probability: Float64Array = new Float64Array(8);
  /** The learned critic ('critic') and how often each memory has been updated. */
  private critic = new Float64Array(0);
  private seen = new Float64Array(0);
  /** Running mean of w Y, and the number of episodes seen. */
  private meanEntropyBaseline = 0;
  private episodes = 0;

  constructor(id: CriticEstimatorId, weights: StateTermWeights = { entropy: 0, visitCost: 0, sigmaBase: 1 }, options: CriticEstimatorOptions = {}) {
    this.id = id;
    this.weights = { ...weights };
    const samples = options.noiseSamples ?? CRITIC_NOISE_SAMPLES;
    if (!Number.isSafeInteger(samples) || samples < 0) throw new BadInputError(`noiseSamples must be a whole number >= 0, got ${String(samples)}`);
    const rate = options.criticRate ?? CRITIC_MIN_RATE;
    if (!(rate > 0 && rate <= 1)) throw new BadInputError(`criticRate must be a number in (0, 1], got ${String(rate)}`);
    this.noiseSamples = samples;
    this.criticRate = rate;
  }

  accumulate(buffer: TrajectoryBuffer, memory: MemoryTable, policy: Policy, gradient: Float64Array, rng?: Rng): void {
    if (policy.id !== 'soft-thompson') throw new BadInputError(`the ${this.id} estimator needs soft Thompson sampling, got policy ${policy.id}`);
    if (this.noiseSamples > 0 && rng === undefined) throw new BadInputError(`the ${this.id} estimator draws fresh noise: pass the rollout's generator to accumulate`);
    const L = buffer.length;
    this.grow(memory, L);
    this.episodes++;
    const cbar = this.stateTerm;
    const vbar = this.stepValue;
    const wY = addMeanEntropyTerm(this.weights, buffer, memory, policy, this.entropyGradient, gradient);
    const offset = wY === 0 ? 0 : wY - this.meanEntropyBaseline;

    // Per step: the state's noise-averaged terms (computed at its first visit in this episode),
    // or with M = 0 the step's own draw.
    for (let t = 0; t < L; t++) {
      const s = buffer.states[t]!;
      if (this.noiseSamples === 0) this.integrateState(memory, policy, s, rng, buffer, t);
      else if (this.stamp[s] !== this.episodes) this.integrateState(memory, policy, s, rng);
      cbar[t] = this.termOf[s]!;
      vbar[t] = this.valueOf[s]!;
      for (let i = memory.actionStart[s]!; i < memory.actionStart[s + 1]!; i++) gradient[i]! += this.gradientOf[i]!;
    }
    cbar[L] = 0;
    vbar[L] = 0;
    // Backward: Delta_t = sum_{t' >= t} delta_t' weights the score of a_t.
    let delta = 0;
    for (let t = L - 1; t >= 0; t--) {
      const i = memory.actionStart[buffer.states[t]!]! + buffer.actions[t]!;
      delta += buffer.rewards[t]! + cbar[t + 1]! + vbar[t + 1]! - this.criticValue(memory, i);
      policy.addScore(memory, buffer, t, delta + offset, gradient);
    }
    this.learn(buffer, memory, wY);
  }

  /** Qh of memory i: the learned critic once the memory has been updated ('critic'), else q. */
  private criticValue(memory: MemoryTable, i: number): number {
    return this.id === 'critic' && this.seen[i]! > 0 ? this.critic[i]! : memory.mean[i]!;
  }

  /**
   * Vbar(s), cbar(s) and A(s, .) + Dbar(s, .) of state s for this episode: means over
   * `noiseSamples` fresh draws, or with `buffer` (M = 0) Vh, c and their derivatives under step t's own draw.
   */
  private integrateState(memory: MemoryTable, policy: Policy, s: number, rng: Rng | undefined, buffer?: TrajectoryBuffer, t = 0): void {
    this.stamp[s] = this.episodes;
    const start = memory.actionStart[s]!;
    const count = memory.actionStart[s + 1]! - start;
    const { entropy: wH, visitCost: wKl, sigmaBase } = this.weights;
    const known = memory.known;
    const beta = policy.beta;
    const zeta = this.draw;
    const lp = this.logP;
    const p = this.probability;
    const x = this.logits;
    const qh = this.stateCritic;
    const out = this.gradientOf;
    for (let k = 0; k < count; k++) {
      qh[k] = this.criticValue(memory, start + k);
      out[start + k] = 0;
    }
    let value = 0;
    let entropy = 0;
    const draws = buffer === undefined ? this.noiseSamples : 1;
    for (let j = 0; j < draws; j++) {
      if (buffer === undefined) {
        rng!.fillNormal(zeta, 0, count);
      } else {
        const row = t * buffer.maxActions;
        for (let k = 0; k < count; k++) zeta[k] = buffer.zeta[row + k]!;
      }
      for (let k = 0; k < count; k++) x[k] = memory.mean[start + k]! + memory.sigma[start + k]! * zeta[k]!;
      logSoftmaxInto(lp, 0, x, 0, count, beta);
      let vh = 0;
      for (let k = 0; k < count; k++) {
        p[k] = exp(lp[k]!);
        vh += p[k]! * qh[k]!;
      }
      value += vh;
      for (let k = 0; k < count; k++) out[start + k]! += beta * zeta[k]! * p[k]! * (qh[k]! - vh);
      if (wH !== 0) {
        const h = entropyFromLogProbabilities(lp, 0, count);
        entropy += h;
        entropySigmaGradientInto(x, 0, zeta, 0, lp, 0, count, beta, h);
        for (let k = 0; k < count; k++) if (known[start + k] === 0) out[start + k]! += wH * x[k]!;
      }
    }
    const inv = 1 / draws;
    for (let k = 0; k < count; k++) out[start + k]! *= inv;
    this.valueOf[s] = value * inv;
    let c = wH * entropy * inv;
    if (wKl !== 0) {
      c -= wKl * gaussianKlSum(memory.sigma, sigmaBase, start, start + count, known);
      for (let k = 0; k < count; k++) if (known[start + k] === 0) out[start + k]! -= wKl * gaussianKlDerivative(memory.sigma[start + k]!, sigmaBase);
    }
    this.termOf[s] = c;
  }

  /** After the estimate: the critic's TD(0) update and the baseline of w Y (later episodes only). */
  private learn(buffer: TrajectoryBuffer, memory: MemoryTable, wY: number): void {
    this.meanEntropyBaseline += (wY - this.meanEntropyBaseline) / this.episodes;
    if (this.id !== 'critic') return;
    const cbar = this.stateTerm;
    const vbar = this.stepValue;
    for (let t = 0; t < buffer.length; t++) {
      const i = memory.actionStart[buffer.states[t]!]! + buffer.actions[t]!;
      const target = buffer.rewards[t]! + cbar[t + 1]! + vbar[t + 1]!;
      const current = this.criticValue(memory, i);
      const n = ++this.seen[i]!;
      this.critic[i] = current + Math.max(1 / n, this.criticRate) * (target - current);
    }
  }

  private grow(memory: MemoryTable, L: number): void {
    const K = memory.maxActions;
    this.entropyGradient = scratch(this.entropyGradient, K);
    this.draw = scratch(this.draw, K);
    this.logits = scratch(this.logits, K);
    this.logP = scratch(this.logP, K);
    this.probability = scratch(this.probability, K);
    this.stateCritic = scratch(this.stateCritic, K);
    this.stateTerm = scratch(this.stateTerm, L + 1);
    this.stepValue = scratch(this.stepValue, L + 1);
    if (this.valueOf.length < memory.stateCount) {
      this.valueOf = new Float64Array(memory.stateCount);
      this.termOf = new Float64Array(memory.stateCount);
      this.stamp = new Float64Array(memory.stateCount);
    }
    if (this.gradientOf.length < memory.size) this.gradientOf = new Float64Array(memory.size);
    if (this.critic.length < memory.size) {
      const critic = new Float64Array(memory.size);
      const seen = new Float64Array(memory.size);
      critic.set(this.critic);
      seen.set(this.seen);
      this.critic = critic;
      this.seen = seen;
    }
  }

  saveState(): EstimatorState {
    return { critic: Array.from(this.critic), seen: Array.from(this.seen), meanEntropyBaseline: [this.meanEntropyBaseline], episodes: [this.episodes] };
  }

  restoreState(state: EstimatorState): void {
    this.critic = Float64Array.from(state.critic ?? []);
    this.seen = Float64Array.from(state.seen ?? []);
    this.meanEntropyBaseline = state.meanEntropyBaseline?.[0] ?? 0;
    this.episodes = state.episodes?.[0] ?? 0;
    this.stamp.fill(0);
  }
}

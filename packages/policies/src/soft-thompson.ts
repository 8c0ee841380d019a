import {
  exp,
  log,
  sampleCategorical,
  entropyFromLogProbabilities,
  entropySigmaGradientInto,
  logSoftmaxInto,
  POLICY_SPECIFICATION_VERSION,
  type MemoryTable,
  type Policy,
  type PolicyKernel,
  type Rng,
  type TrajectoryBuffer,
} from '@dra/core';
import { checkBeta } from './check-beta.js';

const TWO_POW_M32 = 2 ** -32;
const SOFT_THOMPSON_KERNEL: PolicyKernel = Object.freeze({ kind: 'soft-thompson' });

/**
 * Soft Thompson sampling (docs/math.md 1): in state s draw zeta ~ N(0, I_K) afresh, form
 * u = q(s,.) + sigma(s,.) * zeta and act with p = softmax(beta * u).
 * Derivatives at fixed noise (docs/math.md 2):
 *   score      psi_k = d log p_a / d sigma_k = beta * zeta_k * (1[a = k] - p_k)
 *   entropy    dH / d sigma_k = -beta * zeta_k * p_k * (log p_k + H)
 * They read the memory the rollout used, so call them before the memory changes.
 *
 * `kernel` declares that the WebAssembly episodes of @dra/agent may run this policy: they
 * mirror `act`, `probabilities`, `entropy`, `addScore` and `entropyGradient` bit for bit
 * (docs/kernel-mirror.md). A subclass that replaces one of those five loses the declaration (`kernel` is null), so its
 * episodes run through its own methods; a subclass whose replacement gives the same bits may
 * override `kernel` to claim it back.
 */
export class SoftThompson implements Policy {
  readonly specificationVersion = POLICY_SPECIFICATION_VERSION;
  readonly id = 'soft-thompson';
  readonly differentiable = true;
  beta: number;
  private logits = new Float64Array(8);
  private logProbabilities = new Float64Array(8);

  constructor(options: { beta: number }) {
    this.beta = checkBeta(options.beta);
  }

  /** { kind: 'soft-thompson' } while `act`, `probabilities`, `entropy`, `addScore` and `entropyGradient` are this class's; else null. */
  get kernel(): PolicyKernel | null {
    const own = SoftThompson.prototype;
    const kept = this.act === own.act && this.probabilities === own.probabilities && this.entropy === own.entropy && this.addScore === own.addScore && this.entropyGradient === own.entropyGradient;
    return kept ? SOFT_THOMPSON_KERNEL : null;
  }

  /**
   * Draws zeta, stores it and p = softmax(beta (q + sigma zeta)) in row `t` of `buffer`, and samples the action.
   *
   * Bit-relevant: `act` and `probabilities` normalise differently on purpose, and seeded runs
   * depend on the difference. `act` sets the largest logit's weight to exactly 1 and starts the
   * total at 1 (skipping that logit's exp); `probabilities` takes exp of every logit and starts
   * the total at 0. Mathematically equal, they differ in the last bits. The WebAssembly kernel
   * mirrors each exactly (assembly/wasm-kernel.ts `act`, `probabilities`; docs/kernel-mirror.md):
   * make the two methods share code, or change either's operation order, and the kernel's runs
   * no longer match the TypeScript path bit for bit.
   */
  act(memory: MemoryTable, state: number, rng: Rng, buffer: TrajectoryBuffer, t: number): number {
    const start = memory.actionStart[state]!;
    const count = memory.actionStart[state + 1]! - start;
    const row = t * buffer.maxActions;
    const zeta = buffer.zeta;
    const p = buffer.probabilities;
    const q = memory.mean;
    const sigma = memory.sigma;
    const beta = this.beta;
    rng.fillNormal(zeta, row, count);
    // Stable softmax: shift by the maximum, whose probability weight is exactly 1.
    let max = -Infinity;
    let best = 0;
    for (let k = 0; k < count; k++) {
      const x = beta * (q[start + k]! + sigma[start + k]! * zeta[row + k]!);
      p[row + k] = x;
      if (x > max) {
        max = x;
        best = k;
      }
    }
    let total = 1;
    for (let k = 0; k < count; k++) {
      if (k === best) continue;
      const e = exp(p[row + k]! - max);
      p[row + k] = e;
      total += e;
    }
    p[row + best] = 1;
    const inv = 1 / total;
    for (let k = 0; k < count; k++) p[row + k]! *= inv;
    // One 32-bit word for the categorical draw: u on a grid of 2^-32.
    return sampleCategorical(p, row, count, (rng.int32() >>> 0) * TWO_POW_M32);
  }

  /**
   * A fresh noisy draw of p(.|state) into `out` (the expected-SARSA target's policy).
   *
   * Bit-relevant: normalised differently from `act` on purpose (exp of every logit, the total
   * from 0; see `act`). Mirrored in WebAssembly: assembly/wasm-kernel.ts `probabilities`.
   */
  probabilities(memory: MemoryTable, state: number, rng: Rng, out: Float64Array): void {
    const start = memory.actionStart[state]!;
    const count = memory.actionStart[state + 1]! - start;
    const q = memory.mean;
    const sigma = memory.sigma;
    const beta = this.beta;
    rng.fillNormal(out, 0, count);
    let max = -Infinity;
    for (let k = 0; k < count; k++) {
      const x = beta * (q[start + k]! + sigma[start + k]! * out[k]!);
      out[k] = x;
      if (x > max) max = x;
    }
    let total = 0;
    for (let k = 0; k < count; k++) {
      const e = exp(out[k]! - max);
      out[k] = e;
      total += e;
    }
    const inv = 1 / total;
    for (let k = 0; k < count; k++) out[k]! *= inv;
  }

  score(memory: MemoryTable, buffer: TrajectoryBuffer, t: number, out: Float64Array): void {
    const state = buffer.states[t]!;
    const count = memory.actionCount(state);
    const row = t * buffer.maxActions;
    const action = buffer.actions[t]!;
    const zeta = buffer.zeta;
    const p = buffer.probabilities;
    const beta = this.beta;
    for (let k = 0; k < count; k++) {
      out[k] = beta * zeta[row + k]! * ((k === action ? 1 : 0) - p[row + k]!);
    }
  }

  /** gradient[index(s_t, k)] += weight * psi_k for every action k of step t. Mirrored in WebAssembly: assembly/wasm-kernel.ts `streamedRollouts` and `addScore`. */
  addScore(memory: MemoryTable, buffer: TrajectoryBuffer, t: number, weight: number, gradient: Float64Array): void {
    const state = buffer.states[t]!;
    const start = memory.actionStart[state]!;
    const count = memory.actionStart[state + 1]! - start;
    const row = t * buffer.maxActions;
    const action = buffer.actions[t]!;
    const zeta = buffer.zeta;
    const p = buffer.probabilities;
    const scale = this.beta * weight;
    for (let k = 0; k < count; k++) {
      gradient[start + k]! += scale * zeta[row + k]! * ((k === action ? 1 : 0) - p[row + k]!);
    }
  }

  /** H_t = -sum_k p_k log p_k from the step's stored probabilities (terms with p_k = 0 are 0). Mirrored in WebAssembly: assembly/wasm-kernel.ts `evaluationRollouts`. */
  entropy(memory: MemoryTable, buffer: TrajectoryBuffer, t: number): number {
    const count = memory.actionCount(buffer.states[t]!);
    const row = t * buffer.maxActions;
    const p = buffer.probabilities;
    let h = 0;
    for (let k = 0; k < count; k++) {
      const pk = p[row + k]!;
      if (pk > 0) h -= pk * log(pk);
    }
    return h;
  }

  /** dH_t/dsigma of step t into `out`; returns H_t. Mirrored in WebAssembly: assembly/wasm-kernel.ts `entropyTerms`, fed by `actRecorded`. */
  entropyGradient(memory: MemoryTable, buffer: TrajectoryBuffer, t: number, out: Float64Array): number {
    const count = this.logProbabilitiesAt(memory, buffer, t);
    const lp = this.logProbabilities;
    const h = entropyFromLogProbabilities(lp, 0, count);
    entropySigmaGradientInto(out, 0, buffer.zeta, t * buffer.maxActions, lp, 0, count, this.beta, h);
    return h;
  }

  /** Recomputes log p of step t stably from (q, sigma, zeta) into the scratch row; returns K. */
  private logProbabilitiesAt(memory: MemoryTable, buffer: TrajectoryBuffer, t: number): number {
    const state = buffer.states[t]!;
    const start = memory.actionStart[state]!;
    const count = memory.actionStart[state + 1]! - start;
    if (this.logits.length < count) {
      this.logits = new Float64Array(count);
      this.logProbabilities = new Float64Array(count);
    }
    const row = t * buffer.maxActions;
    for (let k = 0; k < count; k++) {
      this.logits[k] = memory.mean[start + k]! + memory.sigma[start + k]! * buffer.zeta[row + k]!;
    }
    logSoftmaxInto(this.logProbabilities, 0, this.logits, 0, count, this.beta);
    return count;
  }
}

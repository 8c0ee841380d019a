import type { MemoryTable, Policy, TrajectoryBuffer } from '@dra/core';
import type { GradientEstimator } from './gradient-estimator.js';
import type { KernelEstimator } from './objective-description.js';

/**
 * The reference DRA code's estimators (docs/tasks.md 4, docs/math.md 3.4): at every step add
 * psi_t * w_t into the memories of s_t, where psi_k = beta zeta_k (1[a = k] - p_k) and
 *   'A': w_t = q(s_t, a_t) - mean_k q(s_t, k)   (uniform mean over the available actions)
 *   'Q': w_t = q(s_t, a_t)
 *   'R': w_t = sum_t' r_t'                       (the episode's undiscounted return)
 * 'R' is REINFORCE and unbiased for grad E[sum r]. 'A' and 'Q' trust q as the critic:
 * their mean is sum_t d_t(s) sum_a dpibar(a|s)/dsigma(s,k) q(s,a) (docs/math.md 4.5), which
 * differs from the true gradient unless q matches the on-policy action values; they are
 * biased in general.
 *
 * Each declares its WebAssembly twin (`kernel`; the gradient rollouts of @dra/agent,
 * docs/kernel-mirror.md); a subclass that replaces `accumulate` loses the declaration.
 */
export class PaperEstimator implements GradientEstimator {
  readonly id: 'A' | 'Q' | 'R';
  readonly unbiased: boolean;
  constructor(id: 'A' | 'Q' | 'R') {
    this.id = id;
    this.unbiased = id === 'R';
  }

  /** { estimator: id } while `accumulate` is this class's; else null. */
  get kernel(): KernelEstimator | null {
    if (this.accumulate !== PaperEstimator.prototype.accumulate) return null;
    return KERNEL[this.id];
  }

  /**
   * Adds the episode's estimate: each step's score times the return (R), q(s,a) (Q) or q(s,a) - mean_k q(s,k) (A).
   * Mirrored in WebAssembly: assembly/wasm-kernel.ts `streamedRollouts` ('A', 'Q') and `estimateEpisode` ('R').
   */
  accumulate(buffer: TrajectoryBuffer, memory: MemoryTable, policy: Policy, gradient: Float64Array): void {
    const q = memory.mean;
    const mode = this.id;
    let episodeReturn = 0;
    if (mode === 'R') for (let t = 0; t < buffer.length; t++) episodeReturn += buffer.rewards[t]!;
    for (let t = 0; t < buffer.length; t++) {
      const s = buffer.states[t]!;
      const start = memory.actionStart[s]!;
      const count = memory.actionStart[s + 1]! - start;
      let w: number;
      if (mode === 'R') w = episodeReturn;
      else {
        w = q[start + buffer.actions[t]!]!;
        if (mode === 'A') {
          let mean = 0;
          for (let k = 0; k < count; k++) mean += q[start + k]!;
          w -= mean / count;
        }
      }
      if (w !== 0) policy.addScore(memory, buffer, t, w, gradient);
    }
  }
}

const KERNEL: Readonly<Record<'A' | 'Q' | 'R', KernelEstimator>> = Object.freeze({
  A: Object.freeze({ estimator: 'A' }),
  Q: Object.freeze({ estimator: 'Q' }),
  R: Object.freeze({ estimator: 'R' }),
});

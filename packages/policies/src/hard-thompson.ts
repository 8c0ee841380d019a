import {
  POLICY_SPECIFICATION_VERSION,
  type MemoryTable,
  type Policy,
  type Rng,
  type TrajectoryBuffer,
} from '@dra/core';
import { checkBeta } from './check-beta.js';

/**
 * Hard Thompson sampling: draw zeta ~ N(0, I_K) and take argmax_k q(s,k) + sigma(s,k) zeta_k
 * (ties go to the lowest index). The step's probabilities are one-hot, so its entropy is
 * 0 and it has no score: it is not differentiable in sigma. Its noise-averaged choice
 * distribution is what the paper's choice-entropy maps show (docs/tasks.md 1).
 */
export class HardThompson implements Policy {
  readonly specificationVersion = POLICY_SPECIFICATION_VERSION;
  readonly id = 'hard-thompson';
  readonly differentiable = false;
  /** No kernel twin: the WebAssembly episodes do not run this policy. */
  readonly kernel = null;
  /** Kept for the contract; the argmax does not depend on it. */
  beta: number;

  constructor(options: { beta?: number } = {}) {
    this.beta = checkBeta(options.beta ?? 1);
  }

  /** Draws zeta, takes argmax_k q + sigma zeta, and stores zeta and the one-hot choice in row `t` of `buffer`. */
  act(memory: MemoryTable, state: number, rng: Rng, buffer: TrajectoryBuffer, t: number): number {
    const start = memory.actionStart[state]!;
    const count = memory.actionStart[state + 1]! - start;
    const row = t * buffer.maxActions;
    rng.fillNormal(buffer.zeta, row, count);
    let best = 0;
    let bestValue = -Infinity;
    for (let k = 0; k < count; k++) {
      const v = memory.mean[start + k]! + memory.sigma[start + k]! * buffer.zeta[row + k]!;
      if (v > bestValue) {
        bestValue = v;
        best = k;
      }
    }
    for (let k = 0; k < count; k++) buffer.probabilities[row + k] = k === best ? 1 : 0;
    return best;
  }

  probabilities(memory: MemoryTable, state: number, rng: Rng, out: Float64Array): void {
    const start = memory.actionStart[state]!;
    const count = memory.actionStart[state + 1]! - start;
    rng.fillNormal(out, 0, count);
    let best = 0;
    let bestValue = -Infinity;
    for (let k = 0; k < count; k++) {
      const v = memory.mean[start + k]! + memory.sigma[start + k]! * out[k]!;
      if (v > bestValue) {
        bestValue = v;
        best = k;
      }
    }
    for (let k = 0; k < count; k++) out[k] = k === best ? 1 : 0;
  }

  score(): void {
    throw new Error('hard Thompson sampling has no score: its action is an argmax, not differentiable in sigma');
  }

  addScore(): void {
    this.score();
  }

  entropy(): number {
    return 0;
  }

  entropyGradient(): number {
    throw new Error('hard Thompson sampling has no entropy gradient: its action is an argmax, not differentiable in sigma');
  }
}

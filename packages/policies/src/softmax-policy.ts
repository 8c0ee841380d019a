import {
  entropyFromLogProbabilities,
  logSoftmaxInto,
  sampleCategorical,
  POLICY_SPECIFICATION_VERSION,
  softmaxInto,
  type MemoryTable,
  type Policy,
  type Rng,
  type TrajectoryBuffer,
} from '@dra/core';
import { checkBeta } from './check-beta.js';

/**
 * Plain softmax over the means, p = softmax(beta * q(s,.)); sigma is ignored, so the
 * noise row is written as zeros and every derivative with respect to sigma is 0.
 */
export class SoftmaxPolicy implements Policy {
  readonly specificationVersion = POLICY_SPECIFICATION_VERSION;
  readonly id = 'softmax';
  readonly differentiable = true;
  /** No kernel twin: the WebAssembly episodes do not run this policy. */
  readonly kernel = null;
  beta: number;
  private readonly draw = new Float64Array(1);
  private logProbabilities = new Float64Array(8);

  constructor(options: { beta: number }) {
    this.beta = checkBeta(options.beta);
  }

  /** Stores p = softmax(beta q) in row `t` of `buffer` (zeta is 0) and samples the action. */
  act(memory: MemoryTable, state: number, rng: Rng, buffer: TrajectoryBuffer, t: number): number {
    const start = memory.actionStart[state]!;
    const count = memory.actionStart[state + 1]! - start;
    const row = t * buffer.maxActions;
    buffer.zeta.fill(0, row, row + count);
    softmaxInto(buffer.probabilities, row, memory.mean, start, count, this.beta);
    rng.fillUniform(this.draw, 0, 1);
    return sampleCategorical(buffer.probabilities, row, count, this.draw[0]!);
  }

  probabilities(memory: MemoryTable, state: number, _rng: Rng, out: Float64Array): void {
    const start = memory.actionStart[state]!;
    softmaxInto(out, 0, memory.mean, start, memory.actionStart[state + 1]! - start, this.beta);
  }

  score(memory: MemoryTable, buffer: TrajectoryBuffer, t: number, out: Float64Array): void {
    out.fill(0, 0, memory.actionCount(buffer.states[t]!));
  }

  addScore(): void {
    // sigma does not enter the softmax policy: its score is 0.
  }

  entropy(memory: MemoryTable, buffer: TrajectoryBuffer, t: number): number {
    const state = buffer.states[t]!;
    const start = memory.actionStart[state]!;
    const count = memory.actionStart[state + 1]! - start;
    if (this.logProbabilities.length < count) this.logProbabilities = new Float64Array(count);
    logSoftmaxInto(this.logProbabilities, 0, memory.mean, start, count, this.beta);
    return entropyFromLogProbabilities(this.logProbabilities, 0, count);
  }

  entropyGradient(memory: MemoryTable, buffer: TrajectoryBuffer, t: number, out: Float64Array): number {
    out.fill(0, 0, memory.actionCount(buffer.states[t]!));
    return this.entropy(memory, buffer, t);
  }
}

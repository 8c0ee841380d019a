import type { MemoryTable, Policy, TrajectoryBuffer } from '@dra/core';

/**
 * Running sums over evaluation episodes: return and summed action entropy per episode,
 * with their sums of squares for standard errors. Allocates nothing per episode.
 */
export class EpisodeStatistics {
  episodes = 0;
  steps = 0;
  returnSum = 0;
  returnSquares = 0;
  entropySum = 0;
  entropySquares = 0;
  /** Sum over episodes of the per-step mean entropy (1/L) sum_t H_t (the realised-length Eq. 10). */
  stepEntropySum = 0;
  /** Visits of every state summed over the episodes (grown to the memory's state count). */
  visits = new Float64Array(0);

  /** Resets every sum and count for a new batch of episodes. */
  clear(): void {
    this.visits.fill(0);
    this.episodes = 0;
    this.steps = 0;
    this.returnSum = 0;
    this.returnSquares = 0;
    this.entropySum = 0;
    this.entropySquares = 0;
    this.stepEntropySum = 0;
  }

  /**
   * Adds one finished episode; the memory must be the one the rollout used.
   * Mirrored in WebAssembly: assembly/wasm-kernel.ts `evaluationRollouts` (its totals, in the
   * order of src/wasm-kernel-layout.ts of @dra/agent).
   */
  add(buffer: TrajectoryBuffer, memory: MemoryTable, policy: Policy): void {
    let ret = 0;
    let entropy = 0;
    if (this.visits.length < memory.stateCount) {
      const grown = new Float64Array(memory.stateCount);
      grown.set(this.visits);
      this.visits = grown;
    }
    for (let t = 0; t < buffer.length; t++) {
      this.visits[buffer.states[t]!]! += 1;
      ret += buffer.rewards[t]!;
      entropy += policy.entropy(memory, buffer, t);
    }
    this.episodes++;
    this.steps += buffer.length;
    this.returnSum += ret;
    this.returnSquares += ret * ret;
    this.entropySum += entropy;
    this.entropySquares += entropy * entropy;
    if (buffer.length > 0) this.stepEntropySum += entropy / buffer.length;
  }

  get meanReturn(): number {
    return this.episodes > 0 ? this.returnSum / this.episodes : NaN;
  }

  get meanEntropy(): number {
    return this.episodes > 0 ? this.entropySum / this.episodes : NaN;
  }

  /** Mean over episodes of (1/L) sum_t H_t. */
  get meanStepEntropy(): number {
    return this.episodes > 0 ? this.stepEntropySum / this.episodes : NaN;
  }

  /** Standard error of the mean return. */
  get returnStandardError(): number {
    return standardError(this.returnSum, this.returnSquares, this.episodes);
  }
}

function standardError(sum: number, squares: number, n: number): number {
  if (n < 2) return NaN;
  const mean = sum / n;
  const variance = Math.max(0, (squares - n * mean * mean) / (n - 1));
  return Math.sqrt(variance / n);
}

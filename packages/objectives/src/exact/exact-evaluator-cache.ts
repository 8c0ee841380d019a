import type { MemoryTable, TabularModel } from '@dra/core';
import type { ExactForm } from '../objective-description.js';
import { evaluateExactFormWith, type ExactEvaluation } from './exact-evaluator.js';
import type { StateMoments } from './state-moments.js';
import { maskedStateMoments } from './state-terms.js';

/** A state's moments and what they were computed from: beta, then its memories' q, sigma and known flags. */
interface CachedState {
  key: Float64Array;
  entropyProducts: boolean;
  moments: StateMoments;
}

/**
 * Exact evaluation with the per-state noise moments kept between calls (docs/math.md 4.6). `evaluate`
 * returns what `evaluateExactForm` returns, bit for bit; a state's moments are computed again only
 * when its q, sigma or known flags, beta, or the need for the E[H p_a] products (Eq. 10 with the
 * realised length) differ in any bit from the last time they were computed. Ascent on the exact
 * gradient that moves a few memories per step then pays the quadrature of those states only; the
 * dynamic programming over the task runs in full at every call. One evaluator serves one memory
 * layout at a time: a memory with other action counts empties the cache.
 */
export class ExactEvaluator {
  private states: (CachedState | undefined)[] = [];
  private layout: Int32Array = new Int32Array(0);
  private computed = 0;
  private scratch = new Float64Array(0);

  /** How many states' moments were computed so far (states taken from the cache do not count). */
  get computedStates(): number {
    return this.computed;
  }

  /** The exact evaluation of `form` (see `evaluateExactForm`), reusing the moments of unchanged states. */
  evaluate(model: TabularModel, memory: MemoryTable, form: ExactForm, beta: number): ExactEvaluation {
    if (!sameLayout(this.layout, memory.actionStart)) {
      this.clear();
      this.layout = Int32Array.from(memory.actionStart);
    }
    return evaluateExactFormWith(model, memory, form, beta, (m, s, b, entropyProducts) => this.momentsOf(m, s, b, entropyProducts));
  }

  /** Forgets every state's moments. */
  clear(): void {
    this.states = [];
    this.layout = new Int32Array(0);
  }

  private momentsOf(memory: MemoryTable, s: number, beta: number, entropyProducts: boolean): StateMoments {
    const key = this.keyOf(memory, s, beta);
    const cached = this.states[s];
    if (cached && cached.entropyProducts === entropyProducts && sameBits(cached.key, key)) return cached.moments;
    const moments = maskedStateMoments(memory, s, beta, entropyProducts);
    this.computed++;
    this.states[s] = { key: key.slice(), entropyProducts, moments };
    return moments;
  }

  /** beta, q, sigma and known of state s, in a scratch array. */
  private keyOf(memory: MemoryTable, s: number, beta: number): Float64Array {
    const a0 = memory.actionStart[s]!;
    const K = memory.actionStart[s + 1]! - a0;
    if (this.scratch.length !== 1 + 3 * K) this.scratch = new Float64Array(1 + 3 * K);
    const key = this.scratch;
    key[0] = beta;
    for (let k = 0; k < K; k++) {
      key[1 + k] = memory.mean[a0 + k]!;
      key[1 + K + k] = memory.sigma[a0 + k]!;
      key[1 + 2 * K + k] = memory.known[a0 + k]!;
    }
    return key;
  }
}

function sameLayout(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Equal in every bit (so -0 differs from 0). */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint32Array(a.buffer, a.byteOffset, 2 * a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, 2 * b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

import { gaussianKl, gaussianKlDerivative, type MemoryTable, type TabularModel } from '@dra/core';
import type { ExactForm } from '../objective-description.js';
import { stateMoments, type StateMoments } from './state-moments.js';

/** What the exact evaluator needs of every state before it solves the task (docs/math.md 4.3). */
export interface ExactStateTerms {
  /** 1 for live states (not terminal, with actions). */
  live: Uint8Array;
  /** Noise moments of each live state's policy (null elsewhere; docs/math.md 4.1-4.2). */
  moments: (StateMoments | null)[];
  /** Expected reward of each memory's action, rbar[i] = sum_j P_j r_j. */
  rbar: Float64Array;
  /** The per-step state term c(s) of the value recursion. */
  c: Float64Array;
  /** dc(s) / d sigma per memory (0 for memories known exactly). */
  dc: Float64Array;
  /** KL of each state's learned memories, sum_k KL(sigma[s,k]). */
  stateKl: Float64Array;
}

/**
 * The noise moments of live state s of `memory` at inverse temperature beta (with the E[H p_a]
 * products when `entropyProducts`), with no derivative for memories known exactly.
 */
export type StateMomentSource = (memory: MemoryTable, s: number, beta: number, entropyProducts: boolean) => StateMoments;

/** The moments of state s by quadrature (`stateMoments`), derivatives in the sigmas of known memories set to 0. */
export function maskedStateMoments(memory: MemoryTable, s: number, beta: number, entropyProducts: boolean): StateMoments {
  const a0 = memory.actionStart[s]!;
  const K = memory.actionStart[s + 1]! - a0;
  const m = stateMoments(memory.mean, memory.sigma, a0, K, beta, entropyProducts);
  for (let k = 0; k < K; k++) {
    if (memory.known[a0 + k] === 0) continue;
    for (let a = 0; a < K; a++) {
      m.dpibar[a * K + k] = 0;
      if (m.dhp) m.dhp[a * K + k] = 0;
    }
    m.dhbar[k] = 0;
  }
  return m;
}

/**
 * Per state: moments (with the E[H p_a] products for a 'realised-mean' entropy), expected
 * rewards, the KL of its learned memories, and the state term of the form's per-step pieces,
 *   c(s) = wH Hbar(s) - wC KL(s),  dc[s,k] = wH dHbar/dsigma_k - wC KL'(sigma[s,k]),
 * with wH the 'per-step' entropy weight and wC the 'per-visit' cost weight (each 0 when the form
 * has no such piece). Memories known exactly get no derivative. The moments come from `momentsOf`
 * (by default computed afresh; `ExactEvaluator` takes them from its cache).
 */
export function exactStateTerms(model: TabularModel, memory: MemoryTable, form: ExactForm, beta: number, momentsOf: StateMomentSource = maskedStateMoments): ExactStateTerms {
  const S = model.stateCount;
  const start = memory.actionStart;
  const known = memory.known;
  const entropyProducts = form.entropy?.kind === 'realised-mean';
  const terms: ExactStateTerms = {
    live: new Uint8Array(S),
    moments: [],
    rbar: new Float64Array(memory.size),
    c: new Float64Array(S),
    dc: new Float64Array(memory.size),
    stateKl: new Float64Array(S),
  };
  for (let s = 0; s < S; s++) terms.live[s] = model.terminal[s] === 0 && start[s + 1]! > start[s]! ? 1 : 0;
  for (let s = 0; s < S; s++) {
    const a0 = start[s]!;
    const K = start[s + 1]! - a0;
    for (let i = a0; i < a0 + K; i++) {
      for (let j = model.transitionStart[i]!; j < model.transitionStart[i + 1]!; j++) terms.rbar[i]! += model.probability[j]! * model.reward[j]!;
    }
    if (!terms.live[s]) {
      terms.moments.push(null);
      continue;
    }
    const m = momentsOf(memory, s, beta, entropyProducts);
    terms.moments.push(m);
    for (let k = 0; k < K; k++) if (known[a0 + k] === 0) terms.stateKl[s]! += gaussianKl(memory.sigma[a0 + k]!, form.cost.sigmaBase);
    addStepTerm(form, memory, s, m, terms);
  }
  return terms;
}

/** c(s) and dc[s, .] of the form's per-step pieces (see `exactStateTerms`). */
function addStepTerm(form: ExactForm, memory: MemoryTable, s: number, m: StateMoments, terms: ExactStateTerms): void {
  const wH = form.entropy?.kind === 'per-step' ? form.entropy.weight : 0;
  const wC = form.cost.kind === 'per-visit' ? form.cost.weight : 0;
  const a0 = memory.actionStart[s]!;
  const K = memory.actionStart[s + 1]! - a0;
  if (wC === 0) {
    if (wH === 0) return; // no per-step piece (DRA; Eq. 10 with T_ref realised)
    terms.c[s] = wH * m.hbar;
    for (let k = 0; k < K; k++) terms.dc[a0 + k] = wH * m.dhbar[k]!;
    return;
  }
  // Equal weights (Eq. 8's lambda) as one product, w (H - KL).
  const sigmaBase = form.cost.sigmaBase;
  const kl = terms.stateKl[s]!;
  terms.c[s] = wH === wC ? wC * (m.hbar - kl) : wH * m.hbar - wC * kl;
  for (let k = 0; k < K; k++) {
    if (memory.known[a0 + k] !== 0) continue;
    const dKl = gaussianKlDerivative(memory.sigma[a0 + k]!, sigmaBase);
    terms.dc[a0 + k] = wH === wC ? wC * (m.dhbar[k]! - dKl) : wH * m.dhbar[k]! - wC * dKl;
  }
}

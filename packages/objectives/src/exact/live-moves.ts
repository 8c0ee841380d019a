import type { MemoryTable, TabularModel } from '@dra/core';
import type { StateMoments } from './state-moments.js';

/**
 * A state's policy and transitions laid out per memory for the step-by-step recursions of
 * docs/math.md 4.4: for every memory i of a live state, its state, pibar and E[H p_a], and its
 * transitions into live states (edges edgeStart[i] .. edgeStart[i + 1], to edgeTo with
 * probability edgeP); the probability of ending the episode (landing in a terminal state) is deadMass[i].
 */
export interface LiveMoves {
  /** The memories of live states, in state order. */
  memories: Int32Array;
  stateOf: Int32Array;
  pibar: Float64Array;
  /** E[H p_a] per memory (0 without the entropy-action products). */
  hp: Float64Array;
  edgeStart: Int32Array;
  edgeTo: Int32Array;
  edgeP: Float64Array;
  deadMass: Float64Array;
  /** sum_s' P[s, a, s'] per memory. */
  totalMass: Float64Array;
}

/** Lays out the live states' moves (see `LiveMoves`). */
export function liveMoves(model: TabularModel, memory: MemoryTable, live: Uint8Array, moments: readonly (StateMoments | null)[]): LiveMoves {
  const slots = memory.size;
  const start = memory.actionStart;
  const memories: number[] = [];
  const stateOf = new Int32Array(slots);
  const pibar = new Float64Array(slots);
  const hp = new Float64Array(slots);
  const edgeStart = new Int32Array(slots + 1);
  const deadMass = new Float64Array(slots);
  const totalMass = new Float64Array(slots);
  const edgeTo: number[] = [];
  const edgeP: number[] = [];
  for (let s = 0; s < model.stateCount; s++) {
    const m = moments[s];
    for (let i = start[s]!; i < start[s + 1]!; i++) {
      edgeStart[i] = edgeTo.length;
      if (!live[s] || !m) continue;
      memories.push(i);
      stateOf[i] = s;
      pibar[i] = m.pibar[i - start[s]!]!;
      hp[i] = m.hp ? m.hp[i - start[s]!]! : 0;
      for (let j = model.transitionStart[i]!; j < model.transitionStart[i + 1]!; j++) {
        const p = model.probability[j]!;
        totalMass[i]! += p;
        if (live[model.nextState[j]!]) {
          edgeTo.push(model.nextState[j]!);
          edgeP.push(p);
        } else {
          deadMass[i]! += p;
        }
      }
    }
  }
  edgeStart[slots] = edgeTo.length;
  return { memories: Int32Array.from(memories), stateOf, pibar, hp, edgeStart, edgeTo: Int32Array.from(edgeTo), edgeP: Float64Array.from(edgeP), deadMass, totalMass };
}

import { BadInputError, buildTabularModel, type Outcome } from '@dra/core';
import { TabularEnvironment } from './tabular-environment.js';

/**
 * The planning task of Huys et al. (2012, 2015), paper Fig. 3 (docs/tasks.md 2): six states,
 * two deterministic actions each. Row s - 1 lists [next state, reward] for actions 0 and 1.
 */
export const HUYS_GRAPH: readonly (readonly [readonly [number, number], readonly [number, number]])[] = [
  [[2, 140], [4, 20]],
  [[3, -20], [5, -70]],
  [[4, -20], [6, -70]],
  [[2, 20], [5, -20]],
  [[1, -70], [6, -20]],
  [[1, -20], [3, 20]],
];

/** Number of task states of the Huys planning task (docs/tasks.md 2), numbered 1..6. */
export const HUYS_STATES = 6;

/** Options of `createHuysTask`. */
export interface HuysTaskOptions {
  /** Moves per trial (the paper uses 3). */
  depth?: number;
}

/** Tabular index of (moves made, task state 1..6): movesMade * 6 + (state - 1). */
export function huysIndex(movesMade: number, state: number): number {
  return movesMade * HUYS_STATES + (state - 1);
}

/**
 * The Huys planning task as a tabular environment. Memories are indexed by (moves made,
 * state): index movesMade * 6 + (state - 1) for movesMade = 0 .. depth - 1, two actions
 * each; the layer movesMade = depth holds the six terminal states, with no memories. A
 * trial starts in a uniformly random state and lasts exactly `depth` moves.
 */
export function createHuysTask(options: HuysTaskOptions = {}): TabularEnvironment {
  const depth = options.depth ?? 3;
  if (!Number.isInteger(depth) || depth < 1) throw new BadInputError(`depth must be a whole number >= 1, got ${depth}`);
  const actions: Outcome[][][] = [];
  const terminal: boolean[] = [];
  for (let moves = 0; moves <= depth; moves++) {
    for (let s = 1; s <= HUYS_STATES; s++) {
      if (moves === depth) {
        actions.push([]);
        terminal.push(true);
        continue;
      }
      const row = HUYS_GRAPH[s - 1]!;
      actions.push(row.map(([next, reward]) => [{ next: huysIndex(moves + 1, next), probability: 1, reward }]));
      terminal.push(false);
    }
  }
  const start = new Float64Array(HUYS_STATES * (depth + 1));
  start.fill(1 / HUYS_STATES, 0, HUYS_STATES);
  return new TabularEnvironment(buildTabularModel({ actions, start, terminal, horizon: depth }), { id: 'huys' });
}

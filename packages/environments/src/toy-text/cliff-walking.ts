import { gymnasiumTableText, type GymnasiumOutcome } from './gymnasium-table.js';
import type { PythonValue } from './python-json.js';

/** Gymnasium's action names of CliffWalking, in action order. */
export const CLIFF_WALKING_ACTIONS = ['up', 'right', 'down', 'left'] as const;

/** Options of `cliffWalkingTableText`: slippery moves (CliffWalkingSlippery-v1) and extra fields. */
export interface CliffWalkingOptions {
  slippery?: boolean;
  /** Fields written after P and start (see `gymnasiumTableText`). */
  extra?: Record<string, PythonValue>;
}

/**
 * CliffWalking-v1's table (Gymnasium 1.3 rules): a 4 x 12 grid, start (3, 0), goal (3, 11),
 * the cliff (3, 1..10). Every move costs -1; a move into the cliff costs -100 and returns to
 * the start without ending the episode; entering the goal ends it. Every state has ordinary
 * rows (the goal's and the cliff's too). Slippery moves go to (a - 1) mod 4, a, (a + 1) mod 4,
 * 1/3 each. Written as json.dump writes it (see `gymnasiumTableText`).
 */
export function cliffWalkingTableText(options: CliffWalkingOptions = {}): string {
  const rows = 4;
  const columns = 12;
  const startState = 3 * columns;
  const goal = rows * columns - 1;
  const deltas = [
    [-1, 0],
    [0, 1],
    [1, 0],
    [0, -1],
  ] as const;
  const cliff = (r: number, c: number) => r === 3 && c >= 1 && c <= columns - 2;
  const P: GymnasiumOutcome[][][] = [];
  for (let s = 0; s < rows * columns; s++) {
    const row = Math.floor(s / columns);
    const column = s % columns;
    const actions: GymnasiumOutcome[][] = [];
    for (let a = 0; a < 4; a++) {
      const moves = options.slippery ? [(a + 3) % 4, a, (a + 1) % 4] : [a];
      actions.push(
        moves.map((m): GymnasiumOutcome => {
          const r = Math.min(Math.max(row + deltas[m]![0], 0), rows - 1);
          const c = Math.min(Math.max(column + deltas[m]![1], 0), columns - 1);
          const p = 1 / moves.length;
          if (cliff(r, c)) return [p, startState, -100, false];
          const next = r * columns + c;
          return [p, next, -1, next === goal];
        }),
      );
    }
    P.push(actions);
  }
  const start = Array.from({ length: rows * columns }, (_, s) => (s === startState ? 1 : 0));
  return gymnasiumTableText(P, start, options.extra);
}

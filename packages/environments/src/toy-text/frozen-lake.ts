import { gymnasiumTableText, type GymnasiumOutcome } from './gymnasium-table.js';
import type { PythonValue } from './python-json.js';

/**
 * Gymnasium's FrozenLake-v1 maps (S start, F frozen, H hole, G goal). Rules as published for
 * Gymnasium 1.3: actions left, down, right, up; a move into the edge stays; entering H or G
 * ends the episode (reward 1 at G, else 0); H and G keep rows of self-loops flagged
 * terminated; slippery moves go to (a - 1) mod 4, a, (a + 1) mod 4 with probabilities
 * (1 - s) / 2, s, (1 - s) / 2 for the success rate s = 1/3, listed unmerged.
 */
export const FROZEN_LAKE_MAPS = {
  '4x4': ['SFFF', 'FHFH', 'FFFH', 'HFFG'],
  '8x8': ['SFFFFFFF', 'FFFFFFFF', 'FFFHFFFF', 'FFFFFHFF', 'FFFHFFFF', 'FHHFFFHF', 'FHFFHFHF', 'FFFHFFFG'],
} as const;

/** Gymnasium's action names of FrozenLake, in action order. */
export const FROZEN_LAKE_ACTIONS = ['left', 'down', 'right', 'up'] as const;

/** Options of `frozenLakeTableText`: the map, slippery moves (the default) and extra fields. */
export interface FrozenLakeOptions {
  map?: keyof typeof FROZEN_LAKE_MAPS;
  slippery?: boolean;
  /** Fields written after P and start (see `gymnasiumTableText`). */
  extra?: Record<string, PythonValue>;
}

/** FrozenLake's table as json.dump writes it (see `gymnasiumTableText`). */
export function frozenLakeTableText(options: FrozenLakeOptions = {}): string {
  const desc = FROZEN_LAKE_MAPS[options.map ?? '4x4'];
  const slippery = options.slippery ?? true;
  const successRate = 1 / 3;
  const failRate = (1 - successRate) / 2;
  const rows = desc.length;
  const columns = desc[0]!.length;
  const move = (row: number, column: number, action: number): [number, number] => {
    if (action === 0) return [row, Math.max(column - 1, 0)];
    if (action === 1) return [Math.min(row + 1, rows - 1), column];
    if (action === 2) return [row, Math.min(column + 1, columns - 1)];
    return [Math.max(row - 1, 0), column];
  };
  const outcome = (probability: number, row: number, column: number, action: number): GymnasiumOutcome => {
    const [r, c] = move(row, column, action);
    const letter = desc[r]![c]!;
    return [probability, r * columns + c, letter === 'G' ? 1 : 0, letter === 'G' || letter === 'H'];
  };
  const P: GymnasiumOutcome[][][] = [];
  const start: number[] = [];
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const s = row * columns + column;
      const letter = desc[row]![column]!;
      start.push(letter === 'S' ? 1 : 0);
      const actions: GymnasiumOutcome[][] = [];
      for (let a = 0; a < 4; a++) {
        if (letter === 'G' || letter === 'H') actions.push([[1, s, 0, true]]);
        else if (slippery) actions.push([(a + 3) % 4, a, (a + 1) % 4].map((b) => outcome(b === a ? successRate : failRate, row, column, b)));
        else actions.push([outcome(1, row, column, a)]);
      }
      P.push(actions);
    }
  }
  return gymnasiumTableText(P, start, options.extra);
}

import { gymnasiumTableText, type GymnasiumOutcome } from './gymnasium-table.js';
import type { PythonValue } from './python-json.js';

/** Gymnasium's Taxi map: `:` is open, `|` a wall between two columns. */
export const TAXI_MAP = ['+---------+', '|R: | : :G|', '| : | : : |', '| : : : : |', '| | : | : |', '|Y| : |B: |', '+---------+'] as const;

/** Gymnasium's action names of Taxi, in action order. */
export const TAXI_ACTIONS = ['south', 'north', 'east', 'west', 'pickup', 'dropoff'] as const;

/**
 * Taxi-v4's deterministic table (Gymnasium 1.3 rules): 500 states ((row * 5 + column) * 5 +
 * passenger) * 4 + destination, passenger 4 meaning in the taxi, the pick-up places R, G, Y, B
 * at (0,0), (0,4), (4,0), (4,3). Moves cost -1 (east and west only through `:`); a pick-up at
 * the passenger's place takes them in (-1), any other pick-up -10; a drop-off at the
 * destination with the passenger aboard ends the episode (+20), at another of the four
 * places leaves them there (-1), elsewhere -10. The start is uniform over the 300 states
 * with the passenger waiting away from the destination. Written as json.dump writes it.
 */
export function taxiTableText(options: { extra?: Record<string, PythonValue> } = {}): string {
  const places = [
    [0, 0],
    [0, 4],
    [4, 0],
    [4, 3],
  ] as const;
  const encode = (row: number, column: number, passenger: number, destination: number) => ((row * 5 + column) * 5 + passenger) * 4 + destination;
  const P: GymnasiumOutcome[][][] = [];
  const start = new Array<number>(500).fill(0);
  for (let row = 0; row < 5; row++) {
    for (let column = 0; column < 5; column++) {
      for (let passenger = 0; passenger < 5; passenger++) {
        for (let destination = 0; destination < 4; destination++) {
          const s = encode(row, column, passenger, destination);
          if (passenger < 4 && passenger !== destination) start[s] = 1;
          const here = places.findIndex(([r, c]) => r === row && c === column);
          const actions: GymnasiumOutcome[][] = [];
          for (let action = 0; action < 6; action++) {
            let [r, c, p, reward, terminated] = [row, column, passenger, -1, false];
            if (action === 0) r = Math.min(row + 1, 4);
            else if (action === 1) r = Math.max(row - 1, 0);
            else if (action === 2 && TAXI_MAP[1 + row]![2 * column + 2] === ':') c = Math.min(column + 1, 4);
            else if (action === 3 && TAXI_MAP[1 + row]![2 * column] === ':') c = Math.max(column - 1, 0);
            else if (action === 4) {
              if (passenger < 4 && here === passenger) p = 4;
              else reward = -10;
            } else if (action === 5) {
              if (here === destination && passenger === 4) [p, reward, terminated] = [destination, 20, true];
              else if (here >= 0 && passenger === 4) p = here;
              else reward = -10;
            }
            actions.push([[1, encode(r, c, p, destination), reward, terminated]]);
          }
          P[s] = actions;
        }
      }
    }
  }
  const mass = start.reduce((a, b) => a + b, 0);
  return gymnasiumTableText(P, start.map((v) => v / mass), options.extra);
}

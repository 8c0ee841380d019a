import { GridWorld, type GridWorldOptions } from './grid-world.js';

/** The Mattar & Daw maze of the paper's Fig. 1 (docs/tasks.md 1): 6 x 9, start (2,0), goal (0,8). */
export const MAZE_MAP: readonly string[] = [
  '.......#G',
  '..#....#.',
  'S.#....#.',
  '..#......',
  '.....#...',
  '.........',
];

/** The maze after the poster's switch: the goal moves to (0,6) and the obstacle (0,7) is removed. */
export const MAZE_SWITCHED_MAP: readonly string[] = [
  '......G..',
  '..#....#.',
  'S.#....#.',
  '..#......',
  '.....#...',
  '.........',
];

/** The episode of the paper's switch. */
export const MAZE_SWITCH_EPISODE = 3000;

/** Options of `createMaze`: those of a grid world but the map, and the switch episode. */
export interface MazeOptions extends Omit<GridWorldOptions, 'map' | 'changes'> {
  /** Training episode from which the switched map is used; omit for no switch. */
  switchAt?: number;
}

/** The paper's maze (+10 on entering the goal, -1 per other step), optionally with the switch. */
export function createMaze(options: MazeOptions = {}): GridWorld {
  const { switchAt, ...rest } = options;
  return new GridWorld({
    id: 'maze',
    ...rest,
    map: MAZE_MAP,
    changes: switchAt === undefined ? [] : [{ episode: switchAt, map: MAZE_SWITCHED_MAP }],
  });
}

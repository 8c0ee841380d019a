import { Rng } from '@dra/core';
import { describe, expect, it } from 'vitest';
import { GridWorld, parseGridMap } from './grid-world.js';
import { createMaze, MAZE_SWITCH_EPISODE } from './maze.js';

const UP = 0;
const DOWN = 1;
const LEFT = 2;
const RIGHT = 3;

function shortestPath(env: GridWorld): number {
  const { model } = env;
  const start = model.start.indexOf(1);
  const dist = new Map([[start, 0]]);
  const queue = [start];
  while (queue.length) {
    const s = queue.shift()!;
    if (model.terminal[s]) return dist.get(s)!;
    for (let a = 0; a < 4; a++) {
      const next = model.nextState[model.transitionStart[model.actionStart[s]! + a]!]!;
      if (!dist.has(next)) {
        dist.set(next, dist.get(s)! + 1);
        queue.push(next);
      }
    }
  }
  return -1;
}

describe('the paper maze (docs/tasks.md 1)', () => {
  const env = createMaze();

  it('is 6 x 9 with 4 memories per cell (216), start (2,0), goal (0,8), seven obstacles', () => {
    expect(env.stateCount).toBe(54);
    expect(Array.from(env.actionCounts).every((k) => k === 4)).toBe(true);
    const grid = env.grid;
    expect(grid.start).toBe(2 * 9 + 0);
    expect(grid.goals).toEqual([0 * 9 + 8]);
    const obstacles = [...grid.blocked].flatMap((b, i) => (b ? [[Math.floor(i / 9), i % 9]] : []));
    expect(obstacles).toEqual([[0, 7], [1, 2], [1, 7], [2, 2], [2, 7], [3, 2], [4, 5]]);
  });

  it('moves up, down, left, right; walls and borders leave the agent in place; -1 per step, +10 at the goal', () => {
    const rng = Rng.create(1);
    expect(env.reset(rng)).toBe(18);
    expect(env.step(LEFT, rng)).toBe(-1);
    expect(env.state).toBe(18); // border
    env.step(RIGHT, rng);
    expect(env.state).toBe(19);
    env.step(RIGHT, rng);
    expect(env.state).toBe(19); // obstacle (2,2)
    env.step(DOWN, rng);
    env.step(DOWN, rng);
    expect(env.state).toBe(4 * 9 + 1);
    env.step(UP, rng);
    expect(env.state).toBe(3 * 9 + 1);
    // a shortest path: below the obstacle column, along row 3 past column 7, up to the goal
    env.reset(rng);
    const path = [DOWN, DOWN, RIGHT, RIGHT, RIGHT, UP, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT, UP, UP, UP];
    let total = 0;
    for (const a of path) total += env.step(a, rng);
    expect(env.state).toBe(8);
    expect(env.terminated).toBe(true);
    expect(env.truncated).toBe(false);
    expect(total).toBe(-13 + 10);
    expect(() => env.step(UP, rng)).toThrow(/after the episode ended/);
  });

  it('has a shortest path of 14 moves before the switch and 8 after (closed form: counted on the map, checked by BFS)', () => {
    expect(shortestPath(createMaze())).toBe(14);
    const switched = createMaze({ switchAt: MAZE_SWITCH_EPISODE });
    switched.setEpisode(MAZE_SWITCH_EPISODE - 1);
    expect(shortestPath(switched)).toBe(14);
    switched.setEpisode(MAZE_SWITCH_EPISODE);
    expect(switched.grid.goals).toEqual([6]);
    expect(shortestPath(switched)).toBe(8);
  });

  it('rejects an action outside the action set', () => {
    const rng = Rng.create(1);
    env.reset(rng);
    expect(() => env.step(4, rng)).toThrow(/action 4 is outside the 4 actions of state 18/);
    expect(() => env.step(-1, rng)).toThrow(/action -1/);
    expect(() => env.step(0.5, rng)).toThrow(/action 0.5/);
  });
});

describe('grid maps', () => {
  it('rejects maps with no goal, no start, unknown characters, ragged rows, unreachable goals', () => {
    expect(() => parseGridMap(['S..'])).toThrow(/no goal/);
    expect(() => parseGridMap(['..G'])).toThrow(/no start/);
    expect(() => parseGridMap(['S.x.G'])).toThrow(/unknown character 'x' at row 0, column 2/);
    expect(() => parseGridMap(['S.G', '..'])).toThrow(/row 1 has 2 cells/);
    expect(() => parseGridMap(['S#G'])).toThrow(/no goal can be reached/);
    expect(() => parseGridMap(['###', '###'])).toThrow(/no start/);
    expect(() => parseGridMap('')).toThrow(/empty/);
  });

  it('caps an episode with a truncation, not a termination', () => {
    const env = new GridWorld({ map: ['S...G'], maxSteps: 3 });
    const rng = Rng.create(1);
    env.reset(rng);
    env.step(LEFT, rng);
    env.step(LEFT, rng);
    env.step(LEFT, rng);
    expect(env.truncated).toBe(true);
    expect(env.terminated).toBe(false);
  });
});

describe('GridWorld.mapLayout', () => {
  it('draws the map in force at the episode: cells row by row, walls, start and goal; the switched map after the switch', () => {
    const maze = createMaze({ switchAt: MAZE_SWITCH_EPISODE });
    const before = maze.mapLayout(0);
    expect([before.rows, before.columns]).toEqual([6, 9]); // the paper's 6 x 9 maze (docs/tasks.md 1)
    expect(before.stateAt(2, 3)).toBe(2 * 9 + 3);
    expect(before.actionNames).toEqual(['up', 'down', 'left', 'right']);
    const kinds = (layout: ReturnType<typeof maze.mapLayout>) => Array.from({ length: 54 }, (_, s) => layout.kindOf(s));
    const first = kinds(before);
    expect(first.filter((k) => k === 'start')).toHaveLength(1);
    expect(first.filter((k) => k === 'goal')).toHaveLength(1);
    const walls = first.flatMap((k, s) => (k === 'wall' ? [s] : []));
    expect(walls.length).toBeGreaterThan(0);
    for (const s of walls) expect(maze.grid.blocked[s]).toBe(1);
    const after = kinds(maze.mapLayout(MAZE_SWITCH_EPISODE));
    expect(after).not.toEqual(first);
    // drawing the switched map left the environment on the first map
    expect(Array.from({ length: 54 }, (_, s) => maze.grid.blocked[s] === 1)).toEqual(first.map((k) => k === 'wall'));
    maze.setEpisode(MAZE_SWITCH_EPISODE);
    for (let s = 0; s < 54; s++) expect(after[s] === 'wall').toBe(maze.grid.blocked[s] === 1);
  });
});

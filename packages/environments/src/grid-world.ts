import { BadInputError, buildTabularModel, type MapLayout, type Outcome, type TabularModel } from '@dra/core';
import { TabularEnvironment, type TabularEnvironmentOptions } from './tabular-environment.js';

/** Moves in action order: up, down, left, right (docs/tasks.md 1). */
export const GRID_ACTIONS = ['up', 'down', 'left', 'right'] as const;
const DR = [-1, 1, 0, 0];
const DC = [0, 0, -1, 1];

/** A map: rows of `.` (free), `#` (obstacle), `S` (start, exactly one), `G` (goal, one or more). Spaces are ignored. */
export type GridMap = string | readonly string[];

export interface GridWorldOptions extends TabularEnvironmentOptions {
  map: GridMap;
  /** Reward for the step that enters a goal. Default 10. */
  goalReward?: number;
  /** Reward for every other step. Default -1. */
  stepReward?: number;
  /**
   * Probability that a move slips: the agent then moves to one side of the intended direction
   * (each side slip / 2), as on Gymnasium's slippery FrozenLake. Default 0 (deterministic).
   */
  slip?: number;
  /** Scheduled changes: from training episode `episode` on, the map is `map` (same size). */
  changes?: readonly { episode: number; map: GridMap }[];
}

/** A parsed map. Cells are indexed row * columns + column. */
export interface ParsedGrid {
  rows: number;
  columns: number;
  start: number;
  goals: number[];
  /** 1 for obstacle cells. */
  blocked: Uint8Array;
}

/** Parses and checks an ASCII map; errors name the row, column and character. */
export function parseGridMap(map: GridMap): ParsedGrid {
  const lines = (typeof map === 'string' ? map.split('\n') : [...map])
    .map((line) => String(line).replace(/\s+/g, ''))
    .filter((line) => line.length > 0);
  if (lines.length === 0) throw new BadInputError('grid map is empty');
  const columns = lines[0]!.length;
  const rows = lines.length;
  const blocked = new Uint8Array(rows * columns);
  let start = -1;
  const goals: number[] = [];
  lines.forEach((line, r) => {
    if (line.length !== columns) throw new BadInputError(`grid map row ${r} has ${line.length} cells, row 0 has ${columns}`);
    for (let c = 0; c < columns; c++) {
      const ch = line[c]!;
      const cell = r * columns + c;
      if (ch === '#') blocked[cell] = 1;
      else if (ch === 'S') {
        if (start >= 0) throw new BadInputError(`grid map has a second start 'S' at row ${r}, column ${c}`);
        start = cell;
      } else if (ch === 'G') goals.push(cell);
      else if (ch !== '.') throw new BadInputError(`grid map has unknown character '${ch}' at row ${r}, column ${c} (use . # S G)`);
    }
  });
  if (start < 0) throw new BadInputError("grid map has no start 'S'");
  if (goals.length === 0) throw new BadInputError("grid map has no goal 'G'");
  const grid = { rows, columns, start, goals, blocked };
  if (!goalReachable(grid)) throw new BadInputError('grid map: no goal can be reached from the start');
  return grid;
}

/** The cell reached by `action` from `cell`: a move into the border or an obstacle stays put. */
export function gridMove(grid: ParsedGrid, cell: number, action: number): number {
  const r = Math.floor(cell / grid.columns) + DR[action]!;
  const c = (cell % grid.columns) + DC[action]!;
  if (r < 0 || r >= grid.rows || c < 0 || c >= grid.columns) return cell;
  const next = r * grid.columns + c;
  return grid.blocked[next] === 1 ? cell : next;
}

function goalReachable(grid: ParsedGrid): boolean {
  const seen = new Uint8Array(grid.rows * grid.columns);
  const queue = [grid.start];
  seen[grid.start] = 1;
  const goals = new Set(grid.goals);
  while (queue.length > 0) {
    const cell = queue.pop()!;
    if (goals.has(cell)) return true;
    for (let a = 0; a < 4; a++) {
      const next = gridMove(grid, cell, a);
      if (seen[next] === 0) {
        seen[next] = 1;
        queue.push(next);
      }
    }
  }
  return false;
}

/** The two moves at right angles to each action (up, down: left, right; left, right: up, down). */
const SIDEWAYS = [
  [2, 3],
  [2, 3],
  [0, 1],
  [0, 1],
] as const;

/**
 * Tabular model of a grid world: every cell (obstacles and goals included) keeps four
 * memories, so the memory cost sums over the whole rows x columns x 4 table as in the
 * paper; goals are terminal; the start is fixed. With `slip` > 0 a move goes to either side
 * of the intended direction with probability slip / 2 each; outcomes reaching the same cell
 * are merged (intended move first).
 */
export function gridWorldModel(grid: ParsedGrid, goalReward: number, stepReward: number, slip = 0): TabularModel {
  const cells = grid.rows * grid.columns;
  const goal = new Uint8Array(cells);
  for (const g of grid.goals) goal[g] = 1;
  const actions: Outcome[][][] = [];
  for (let cell = 0; cell < cells; cell++) {
    const row: Outcome[][] = [];
    for (let a = 0; a < 4; a++) {
      const moves: [number, number][] = slip === 0 ? [[a, 1]] : [[a, 1 - slip], [SIDEWAYS[a]![0], slip / 2], [SIDEWAYS[a]![1], slip / 2]];
      const outcomes: Outcome[] = [];
      for (const [move, probability] of moves) {
        if (probability === 0) continue;
        const next = gridMove(grid, cell, move);
        const same = outcomes.find((o) => o.next === next);
        if (same) same.probability += probability;
        else outcomes.push({ next, probability, reward: goal[next] === 1 ? goalReward : stepReward });
      }
      row.push(outcomes);
    }
    actions.push(row);
  }
  const start = new Float64Array(cells);
  start[grid.start] = 1;
  return buildTabularModel({ actions, start, terminal: goal });
}

/** A grid world built from an ASCII map: deterministic moves, or slippery ones with `slip`; optional scheduled map changes. */
export class GridWorld extends TabularEnvironment {
  readonly rows: number;
  readonly columns: number;
  readonly grids: readonly ParsedGrid[];
  private readonly models: readonly TabularModel[];
  private readonly changeEpisodes: readonly number[];
  private active = 0;

  constructor(options: GridWorldOptions) {
    const goalReward = options.goalReward ?? 10;
    const stepReward = options.stepReward ?? -1;
    if (!Number.isFinite(goalReward)) throw new BadInputError(`goalReward must be finite, got ${goalReward}`);
    if (!Number.isFinite(stepReward)) throw new BadInputError(`stepReward must be finite, got ${stepReward}`);
    const slip = options.slip ?? 0;
    if (!(slip >= 0 && slip <= 1)) throw new BadInputError(`slip must be a probability in [0, 1], got ${slip}`);
    const changes = [...(options.changes ?? [])].sort((a, b) => a.episode - b.episode);
    const grids = [parseGridMap(options.map)];
    for (const change of changes) {
      if (!Number.isInteger(change.episode) || change.episode < 0) {
        throw new BadInputError(`a scheduled change needs a whole episode number >= 0, got ${change.episode}`);
      }
      const grid = parseGridMap(change.map);
      if (grid.rows !== grids[0]!.rows || grid.columns !== grids[0]!.columns) {
        throw new BadInputError(`the map changed at episode ${change.episode} is ${grid.rows}x${grid.columns}, the first is ${grids[0]!.rows}x${grids[0]!.columns}`);
      }
      grids.push(grid);
    }
    const models = grids.map((g) => gridWorldModel(g, goalReward, stepReward, slip));
    super(models[0]!, { id: options.id ?? 'grid-world', maxSteps: options.maxSteps });
    this.rows = grids[0]!.rows;
    this.columns = grids[0]!.columns;
    this.grids = grids;
    this.models = models;
    this.changeEpisodes = changes.map((c) => c.episode);
  }

  /** The map in force at training episode `episode`. */
  setEpisode(episode: number): void {
    const index = this.mapIndexAt(episode);
    if (index !== this.active) {
      this.active = index;
      this.setModel(this.models[index]!);
    }
  }

  /** The map in force at training episode `episode` (after the maze's switch, the switched map); the environment stays as it is. */
  mapLayout(episode: number): MapLayout {
    const grid = this.grids[this.mapIndexAt(episode)]!;
    return {
      rows: grid.rows,
      columns: grid.columns,
      stateAt: (r, c) => r * grid.columns + c,
      kindOf: (s) => (grid.blocked[s] === 1 ? 'wall' : grid.goals.includes(s) ? 'goal' : s === grid.start ? 'start' : 'free'),
      actionNames: GRID_ACTIONS,
      xTitle: null,
      yTitle: null,
    };
  }

  /** Which of the maps is in force at training episode `episode`. */
  private mapIndexAt(episode: number): number {
    let index = 0;
    for (let i = 0; i < this.changeEpisodes.length; i++) if (episode >= this.changeEpisodes[i]!) index = i + 1;
    return index;
  }

  /** The cell as "row r, column c" (row 0 at the top). */
  override stateName(state: number): string {
    return `row ${Math.floor(state / this.columns)}, column ${state % this.columns}`;
  }

  override actionName(_state: number, action: number): string {
    return GRID_ACTIONS[action] ?? String(action);
  }

  /** The parsed map in force now. */
  get grid(): ParsedGrid {
    return this.grids[this.active]!;
  }
}

import { gridMove, type ParsedGrid } from './grid-world.js';

/** Moves from `from` to every cell (Infinity where unreachable), by breadth-first search. */
function distances(grid: ParsedGrid, from: readonly number[]): Float64Array {
  const d = new Float64Array(grid.rows * grid.columns).fill(Infinity);
  const queue = [...from];
  for (const c of from) d[c] = 0;
  for (let head = 0; head < queue.length; head++) {
    const cell = queue[head]!;
    for (let a = 0; a < 4; a++) {
      const next = gridMove(grid, cell, a);
      if (d[next] === Infinity) {
        d[next] = d[cell]! + 1;
        queue.push(next);
      }
    }
  }
  return d;
}

/**
 * The cells on some shortest path from the start to a goal, goals excluded (moves are
 * reversible in a grid world, so distance to a goal is distance from it).
 */
export function shortestPathCells(grid: ParsedGrid): number[] {
  const fromStart = distances(grid, [grid.start]);
  const toGoal = distances(grid, grid.goals);
  const length = Math.min(...grid.goals.map((g) => fromStart[g]!));
  const cells: number[] = [];
  for (let c = 0; c < fromStart.length; c++) if (!grid.goals.includes(c) && fromStart[c]! + toGoal[c]! === length) cells.push(c);
  return cells;
}

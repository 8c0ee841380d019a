import type { Environment } from '@dra/core';
import { GRID_ACTIONS, GridWorld } from '@dra/environments';
import { MOUNTAIN_CAR, MountainCar } from '@dra/mountain-car';

/** Where each tabular state sits on a 2-D map, for heat maps of per-state quantities. */
export interface MapLayout {
  rows: number;
  columns: number;
  /** Tabular state drawn at (row, column), row 0 at the top. */
  stateAt(row: number, column: number): number;
  /** Cell kinds: obstacles are drawn grey, start and goal are marked. */
  kindOf(state: number): 'free' | 'wall' | 'start' | 'goal';
  actionNames: readonly string[];
  /** Axis titles; null for a grid world's plain rows and columns. */
  xTitle: string | null;
  yTitle: string | null;
}

/**
 * The map of an environment, or null when its states have no 2-D arrangement. A grid world
 * uses the map in force at training episode `episode` (after the maze's switch, the
 * switched map); mountain car puts position bins across and velocity bins up.
 */
export function mapLayoutOf(environment: Environment, episode: number): MapLayout | null {
  if (environment instanceof GridWorld) {
    environment.setEpisode(episode);
    const grid = environment.grid;
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
  if (environment instanceof MountainCar) {
    const { positionBins, velocityBins } = MOUNTAIN_CAR;
    return {
      rows: velocityBins,
      columns: positionBins,
      // Velocity grows upwards: row 0 is the highest velocity bin.
      stateAt: (r, c) => c * velocityBins + (velocityBins - 1 - r),
      kindOf: () => 'free',
      actionNames: ['push left', 'none', 'push right'],
      xTitle: 'position bin (round((x + 1.2) 10))',
      yTitle: 'velocity bin (round((v + 0.07) 100))',
    };
  }
  return null;
}

/**
 * Where each tabular state of an environment sits on a 2-D map, for heat maps of per-state
 * quantities (choice entropy, sigma, value). An environment that has one says so with
 * `Environment.mapLayout`; a plugin draws its own map that way.
 */
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

import type { TopLevelSpec } from 'vega-lite';

/** One row of a figure's data table. */
export type FigureRow = Record<string, string | number | boolean | null>;

/**
 * A figure as plain data: a vega-lite spec without its data, and the rows it draws. The
 * files written for it (see `figureFiles`) let a user restyle it without rerunning anything.
 */
export interface Figure {
  /** File stem: `<name>.svg`, `<name>.vl.json`, `<name>.data.json`. */
  name: string;
  /** One line saying what it shows, for the index and the report. */
  caption: string;
  spec: Omit<TopLevelSpec, 'data'>;
  data: FigureRow[];
}

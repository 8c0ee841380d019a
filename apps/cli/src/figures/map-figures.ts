import type { MemoryTable } from '@dra/core';
import { hardThompsonChoiceEntropy } from '@dra/policies';
import type { Figure, FigureRow } from './figure.js';
import type { MapLayout } from '@dra/core';
import { logLegendValues } from './figure-style.js';

const WALL_GREY = '#9e9e9e';

/**
 * One row per cell with the layout's kind and the value of `valueOf(state)` (null on walls).
 * A map with a titled y axis (a quantity, not a grid's rows) also gets `yBin`, its row counted
 * from the bottom (row 0 is drawn at the top): the axis reads upward, as a quantity's should.
 */
function cellRows(layout: MapLayout, valueOf: (state: number) => number, extra: FigureRow = {}): FigureRow[] {
  const rows: FigureRow[] = [];
  for (let r = 0; r < layout.rows; r++) {
    for (let c = 0; c < layout.columns; c++) {
      const state = layout.stateAt(r, c);
      const kind = layout.kindOf(state);
      const value = kind === 'wall' ? NaN : valueOf(state);
      const bin: FigureRow = layout.yTitle === null ? {} : { yBin: layout.rows - 1 - r };
      rows.push({ ...extra, row: r, column: c, ...bin, state, kind, value: Number.isFinite(value) ? value : null, marker: kind === 'start' ? 'S' : kind === 'goal' ? 'G' : '' });
    }
  }
  return rows;
}

/** Every label of an axis of `count` cells of `size` px, or every other one where they would touch. */
const labelValues = (count: number, size: number) => Array.from({ length: count }, (_, i) => i).filter((i) => size >= 16 || i % 2 === 0);

interface Colour {
  title: string;
  scheme: string;
  reverse?: boolean;
  type?: 'linear' | 'log';
  /** Values labelled on the legend (about five of the plotting library's choice when absent). */
  legendValues?: number[];
}

/**
 * Layers shared by every heat map: coloured cells, grey walls, S and G markers. Titled axes are
 * drawn with their bins (the y axis increasing upward; a title "name: formula" in two lines, to
 * fit beside the map); a grid world's plain rows and columns get no axes.
 */
function heatLayers(layout: MapLayout, colour: Colour, size: number) {
  const x = { field: 'column', type: 'ordinal' as const, title: layout.xTitle, axis: layout.xTitle === null ? null : { labelAngle: 0, values: labelValues(layout.columns, size) } };
  const y =
    layout.yTitle === null
      ? { field: 'row', type: 'ordinal' as const, title: null, axis: null }
      : { field: 'yBin', type: 'ordinal' as const, title: layout.yTitle.split(': '), sort: 'descending' as const, axis: { values: labelValues(layout.rows, size) } };
  // vega labels a short gradient at its two ends only: ask for about five labels.
  const legend = { legend: colour.legendValues === undefined ? { tickCount: 5 } : { values: colour.legendValues, format: '~g' } };
  return [
    {
      transform: [{ filter: "datum.kind !== 'wall'" }],
      mark: { type: 'rect' as const, stroke: 'white', strokeWidth: 0.5 },
      encoding: {
        x,
        y,
        color: {
          field: 'value',
          type: 'quantitative' as const,
          title: colour.title,
          scale: { scheme: colour.scheme, reverse: colour.reverse ?? false, type: colour.type ?? 'linear' },
          ...legend,
        },
        tooltip: [{ field: 'state' }, { field: 'value', format: '.3f' }],
      },
    },
    {
      transform: [{ filter: "datum.kind === 'wall'" }],
      mark: { type: 'rect' as const, color: WALL_GREY, stroke: 'white', strokeWidth: 0.5 },
      encoding: { x, y },
    },
    {
      transform: [{ filter: "datum.marker !== ''" }],
      mark: { type: 'text' as const, fontWeight: 'bold' as const, fontSize: 14, color: 'white', stroke: 'black', strokeWidth: 0.5 },
      encoding: { x, y, text: { field: 'marker' } },
    },
  ];
}

const cellSize = (layout: MapLayout) => (layout.columns > 12 ? 18 : 36);

/** A one-panel heat map of `valueOf(state)`. */
function singleMap(name: string, caption: string, title: string, subtitle: string, layout: MapLayout, valueOf: (state: number) => number, colour: { title: string; scheme: string }): Figure {
  const size = cellSize(layout);
  return {
    name,
    caption: `${title}: ${caption}`,
    data: cellRows(layout, valueOf),
    spec: {
      title: { text: title, subtitle, anchor: 'start' },
      width: layout.columns * size,
      height: layout.rows * size,
      layer: heatLayers(layout, colour, size),
    } as Figure['spec'],
  };
}

/**
 * Choice-entropy map (the poster's panels, docs/tasks.md 1): per cell the entropy in nats of the
 * hard-Thompson choice, argmax_k q + sigma zeta; low entropy = a precise, decisive memory.
 */
export function hardThompsonEntropyMap(name: string, title: string, layout: MapLayout, memory: MemoryTable): Figure {
  const scratch = new Float64Array(Math.max(1, memory.maxActions));
  const entropy = (s: number) => hardThompsonChoiceEntropy(scratch, memory.mean, memory.sigma, memory.actionStart[s]!, memory.actionCount(s));
  return singleMap(
    name,
    'entropy of the hard-Thompson choice per cell (nats; obstacles grey, S start, G goal where the task has them)',
    title,
    'choice entropy (nats) of argmax q + sigma zeta',
    layout,
    entropy,
    { title: 'entropy', scheme: 'viridis' },
  );
}

/** Value map: max_k q(s,k) per cell (mountain car's value panel, docs/tasks.md 3). */
export function valueMap(name: string, title: string, layout: MapLayout, memory: MemoryTable): Figure {
  const value = (s: number) => {
    let best = -Infinity;
    for (let i = memory.actionStart[s]!; i < memory.actionStart[s + 1]!; i++) best = Math.max(best, memory.mean[i]!);
    return best;
  };
  return singleMap(name, 'value max_k q(s,k) per cell', title, 'value max_k q(s, k)', layout, value, { title: 'value', scheme: 'magma' });
}

/** Sigma map: one panel per action (up to three in a row), sigma(s,k) per cell on a log colour scale labelled at 1-2-5 steps or denser. */
export function sigmaMap(name: string, title: string, layout: MapLayout, memory: MemoryTable): Figure {
  const data = layout.actionNames.flatMap((action, k) =>
    cellRows(layout, (s) => (k < memory.actionCount(s) ? memory.sigma[memory.actionStart[s]! + k]! : NaN), { action, actionIndex: k }),
  );
  const size = cellSize(layout) * 0.75;
  const sigmas = data.map((row) => row.value).filter((v): v is number => typeof v === 'number' && v > 0);
  const labelled = logLegendValues(sigmas.reduce((a, b) => Math.min(a, b), Infinity), sigmas.reduce((a, b) => Math.max(a, b), 0));
  const legendValues = labelled.length > 0 ? labelled : undefined;
  return {
    name,
    caption: `${title}: sigma of each action's memory per cell (log colour scale; small = precise)`,
    data,
    spec: {
      title: { text: title, subtitle: 'sigma per action (log scale)' },
      facet: { field: 'action', type: 'nominal', sort: { field: 'actionIndex' }, title: null },
      columns: layout.actionNames.length <= 3 ? layout.actionNames.length : 2,
      spec: {
        width: layout.columns * size,
        height: layout.rows * size,
        layer: heatLayers(layout, { title: 'sigma', scheme: 'viridis', type: 'log', legendValues }, size),
      },
    } as Figure['spec'],
  };
}

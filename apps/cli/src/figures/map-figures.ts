import type { MemoryTable } from '@dra/core';
import { hardThompsonChoiceEntropy } from '@dra/policies';
import type { Figure, FigureRow } from './figure.js';
import type { MapLayout } from '@dra/core';

const WALL_GREY = '#9e9e9e';

/** One row per cell with the layout's kind and the value of `valueOf(state)` (null on walls). */
function cellRows(layout: MapLayout, valueOf: (state: number) => number, extra: FigureRow = {}): FigureRow[] {
  const rows: FigureRow[] = [];
  for (let r = 0; r < layout.rows; r++) {
    for (let c = 0; c < layout.columns; c++) {
      const state = layout.stateAt(r, c);
      const kind = layout.kindOf(state);
      const value = kind === 'wall' ? NaN : valueOf(state);
      rows.push({ ...extra, row: r, column: c, state, kind, value: Number.isFinite(value) ? value : null, marker: kind === 'start' ? 'S' : kind === 'goal' ? 'G' : '' });
    }
  }
  return rows;
}

/** Layers shared by every heat map: coloured cells, grey walls, S and G markers. */
function heatLayers(layout: MapLayout, colour: { title: string; scheme: string; reverse?: boolean; type?: 'linear' | 'log' }) {
  const x = { field: 'column', type: 'ordinal' as const, title: layout.xTitle, axis: layout.xTitle === null ? null : { labelAngle: 0 } };
  const y = { field: 'row', type: 'ordinal' as const, title: layout.yTitle, axis: layout.yTitle === null ? null : {} };
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
      title: { text: title, subtitle },
      width: layout.columns * size,
      height: layout.rows * size,
      layer: heatLayers(layout, colour),
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

/** Sigma map: one panel per action, sigma(s,k) per cell on a log colour scale. */
export function sigmaMap(name: string, title: string, layout: MapLayout, memory: MemoryTable): Figure {
  const data = layout.actionNames.flatMap((action, k) =>
    cellRows(layout, (s) => (k < memory.actionCount(s) ? memory.sigma[memory.actionStart[s]! + k]! : NaN), { action, actionIndex: k }),
  );
  const size = cellSize(layout) * 0.75;
  return {
    name,
    caption: `${title}: sigma of each action's memory per cell (log colour scale; small = precise)`,
    data,
    spec: {
      title: { text: title, subtitle: 'sigma per action (log scale)' },
      facet: { field: 'action', type: 'nominal', sort: { field: 'actionIndex' }, title: null },
      columns: 2,
      spec: {
        width: layout.columns * size,
        height: layout.rows * size,
        layer: heatLayers(layout, { title: 'sigma', scheme: 'viridis', type: 'log' }),
      },
    } as Figure['spec'],
  };
}

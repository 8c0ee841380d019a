import type { Figure, FigureRow } from './figure.js';
import { LINE_LEGEND, titleParts } from './figure-style.js';
import { AVERAGE, labelWidth, cellsText, groupBy, identity, keyAxis, keyName, keyStems, keyTitle, mean, ordered, ordinalWidth, ordinalX, overReplicates, PANEL_WIDTH, part, plottedKeys, quantitativeX, SINGLE_COLOUR, SWEEP_METRICS, sweepTitle, valueOf, type PlottedCell, type PlottedSweep, type SweepMetric } from './sweep-plot-data.js';

/** Most lines of a by-key figure: with more combinations of the other grid keys, one line averages over them. */
export const MAX_SERIES = 8;
const METRIC_TITLES: Readonly<Record<SweepMetric, string>> = {
  objective: 'objective',
  return: 'return',
  memoryCost: 'memory cost (lambda KL)',
  actionEntropy: 'action entropy (nats per episode)',
};
/** Panel headings of the by-key figures, from the rows' metric ids. */
const METRIC_HEADINGS = `(${JSON.stringify(METRIC_TITLES)})[datum.value]`;

/**
 * The figures of a sweep, named `<name>-...`: per grid key, the final objective, return,
 * memory cost and action entropy against its values (`sweepByKey`); for each pair of grid keys,
 * a heat map of the mean final objective (`sweepHeatMap`). Titled `title`, else "<task> sweep".
 * A sweep without grid keys (replicates only) is drawn against its task.
 */
export function sweepFigures(name: string, sweep: PlottedSweep, title?: string): Figure[] {
  const keys = plottedKeys(sweep);
  const stems = keyStems(keys);
  const figures = keys.map((key, k) => sweepByKey(`${name}-by-${stems[k]}`, sweep, key, title));
  keys.forEach((a, i) => keys.slice(i + 1).forEach((b, j) => figures.push(sweepHeatMap(`${name}-heatmap-${stems[i]}-${stems[i + 1 + j]}`, sweep, a, b, title))));
  return figures;
}

/**
 * The final objective, return, memory cost and action entropy against the values of one grid
 * key, one panel each: a quantitative x axis when every value is a number (log scale when they
 * are all positive and span more than a factor 20), ordinal otherwise. One line per combination
 * of the other grid keys when there are at most `MAX_SERIES`, else one line averaged over them
 * (each replicate's cells averaged first). Each point is the mean over replicates, with a band
 * (error bars on an ordinal axis) of +- 1 standard error, none where there is one replicate.
 */
export function sweepByKey(name: string, sweep: PlottedSweep, key: string, title?: string): Figure {
  const cells = ordered(sweep.cells);
  const axis = keyAxis(sweep, key);
  const others = plottedKeys(sweep).filter((k) => k !== key);
  const otherAxes = others.map((k) => keyAxis(sweep, k));
  const combination = (cell: PlottedCell) => others.map((k) => identity(valueOf(sweep, cell, k))).join('\u0000');
  const series = new Map<string, string>();
  for (const cell of cells) {
    const id = combination(cell);
    if (!series.has(id)) series.set(id, otherAxes.map((a) => part(a.key, a.label(valueOf(sweep, cell, a.key)))).join(', '));
  }
  const averaged = series.size > MAX_SERIES;
  const seriesOf = (cell: PlottedCell) => (averaged ? AVERAGE : series.get(combination(cell))!);
  const labels = averaged ? [AVERAGE] : [...series.values()];
  const groups = groupBy(cells, (c) => `${seriesOf(c)}\u0000${identity(valueOf(sweep, c, key))}`);
  const data: FigureRow[] = [];
  for (const label of labels) {
    for (const value of axis.values) {
      const group = groups.get(`${label}\u0000${identity(value)}`);
      if (group === undefined) continue;
      for (const metric of SWEEP_METRICS) {
        const stats = overReplicates(group, metric);
        if (stats === null) continue;
        const se = stats.standardError;
        data.push({
          key,
          gridValue: axis.numeric ? (value as number) : axis.label(value),
          series: label,
          metric,
          mean: stats.mean,
          standardError: se,
          low: se === null ? null : stats.mean - se,
          high: se === null ? null : stats.mean + se,
          replicates: stats.count,
        });
      }
    }
  }
  const oneReplicate = sweep.replicates === 1;
  const lines = labels.length > 1;
  const x = axis.numeric ? quantitativeX(axis) : ordinalX(axis);
  const y = { field: 'mean', type: 'quantitative' as const, title: null, scale: { zero: false }, axis: { format: ',~r' } };
  const colour = lines ? { color: { field: 'series', type: 'nominal' as const, title: null, sort: labels, legend: LINE_LEGEND } } : {};
  const spread = { y: { field: 'low', type: 'quantitative' as const, title: null }, y2: { field: 'high' } };
  const band = axis.numeric
    ? { mark: { type: 'area', opacity: 0.2, invalid: 'break-paths-filter-domains' }, encoding: { x, ...spread, ...colour } }
    : { mark: { type: 'errorbar', ticks: { size: 10 }, ...(lines ? {} : { color: SINGLE_COLOUR }) }, encoding: { x, ...spread, ...colour } };
  const layer = [...(oneReplicate ? [] : [band]), { mark: { type: 'line', point: true, strokeWidth: 1.5 }, encoding: { x, y, ...colour } }];
  const base = title ?? sweepTitle(sweep);
  const otherNames = others.map(keyName).join(', ');
  const lineText = others.length === 0 ? null : averaged ? `averaged over the ${series.size} combinations of ${otherNames}` : `one line per ${others.length === 1 ? 'value' : 'combination'} of ${otherNames}`;
  const bandText = oneReplicate ? 'one replicate: no band' : `mean over ${sweep.replicates} replicates +- 1 s.e. ${axis.numeric ? '(band)' : '(bars)'}`;
  const scaleText = axis.log ? ' (log scale)' : '';
  return {
    name,
    caption:
      `${base}: final objective, return, memory cost and action entropy against ${keyName(key)}${scaleText}` +
      `${lineText === null ? '' : `, ${lineText}`}; ${oneReplicate ? 'one replicate per point, so no band of +- 1 s.e.' : `mean over the ${sweep.replicates} replicates with a ${axis.numeric ? 'band' : 'bar'} of +- 1 s.e. (none where a point has one replicate)`}; ${cellsText(sweep)}`,
    data,
    spec: {
      title: { text: titleParts(base, `final values by ${keyName(key)}`), subtitle: titleParts(cellsText(sweep), bandText, lineText) },
      facet: { field: 'metric', type: 'nominal', title: null, sort: [...SWEEP_METRICS], header: { labelExpr: METRIC_HEADINGS, labelFontSize: 11, labelFontWeight: 'bold' } },
      columns: 2,
      resolve: { scale: { y: 'independent' } },
      spec: { width: axis.numeric ? PANEL_WIDTH : ordinalWidth(axis), height: 170, layer },
    } as Figure['spec'],
  };
}

/**
 * Heat map of the mean final objective for each pair of values of grid keys `a` (across) and
 * `b` (up), averaged over the replicates and the other grid keys; each cell labelled with its
 * value. Pairs with no finished cell are left blank.
 */
export function sweepHeatMap(name: string, sweep: PlottedSweep, a: string, b: string, title?: string): Figure {
  const cells = ordered(sweep.cells);
  const [across, up] = [keyAxis(sweep, a), keyAxis(sweep, b)];
  const pair = (x: unknown, y: unknown) => `${identity(x)}\u0000${identity(y)}`;
  const groups = groupBy(cells, (c) => pair(valueOf(sweep, c, a), valueOf(sweep, c, b)));
  const data: FigureRow[] = [];
  for (const yValue of up.values) {
    for (const xValue of across.values) {
      const values = (groups.get(pair(xValue, yValue)) ?? []).map((c) => c.final.objective).filter(Number.isFinite);
      if (values.length === 0) continue;
      const objective = mean(values);
      data.push({ xKey: a, xValue: across.label(xValue), yKey: b, yValue: up.label(yValue), objective, label: String(Number(objective.toPrecision(4))).replace(/^-/, '\u2212'), cells: values.length });
    }
  }
  const objectives = data.map((row) => row.objective as number);
  const middle = objectives.length === 0 ? 0 : (objectives.reduce((p, q) => Math.min(p, q), Infinity) + objectives.reduce((p, q) => Math.max(p, q), -Infinity)) / 2;
  const widest = (texts: readonly string[]) => texts.reduce((w, text) => Math.max(w, labelWidth(text)), 0);
  const step = Math.max(52, Math.ceil(widest(data.map((row) => row.label as string))) + 12);
  const tilted = widest(across.values.map(across.label)) + 6 > step;
  const rest = plottedKeys(sweep).filter((k) => k !== a && k !== b);
  const base = title ?? sweepTitle(sweep);
  const over = `mean over ${sweep.replicates === 1 ? 'one replicate' : `${sweep.replicates} replicates`}${rest.length > 0 ? ` and over ${rest.map(keyName).join(', ')}` : ''}`;
  return {
    name,
    caption: `${base}: mean final objective for each pair of values of ${keyName(a)} and ${keyName(b)}, ${over}, each cell labelled with its value; ${cellsText(sweep)}`,
    data,
    spec: {
      title: { text: titleParts(base, `mean final objective by ${keyName(a)} and ${keyName(b)}`), subtitle: titleParts(cellsText(sweep), over) },
      width: { step },
      height: { step: 32 },
      encoding: {
        x: { field: 'xValue', type: 'ordinal', sort: across.values.map(across.label), title: keyTitle(a), axis: { labelAngle: tilted ? -30 : 0 } },
        // Numbers grow upwards, as on a quantitative axis. The title is written across, level with the
        // plot's top over the labels: upright, a long one would need more height than the rows take.
        y: {
          field: 'yValue',
          type: 'ordinal',
          sort: (up.numeric ? [...up.values].reverse() : up.values).map(up.label),
          title: keyTitle(b),
          axis: { titleAngle: 0, titleAlign: 'right', titleAnchor: 'end', titleBaseline: 'bottom', titleX: 0, titleY: -6 },
        },
      },
      layer: [
        { mark: 'rect', encoding: { color: { field: 'objective', type: 'quantitative', title: 'mean final objective', scale: { scheme: 'viridis' } } } },
        { mark: { type: 'text', fontSize: 10 }, encoding: { text: { field: 'label', type: 'nominal' }, color: { condition: { test: `datum.objective >= ${middle}`, value: 'black' }, value: 'white' } } },
      ],
    } as Figure['spec'],
  };
}


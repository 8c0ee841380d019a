import type { Figure, FigureRow } from './figure.js';
import { LINE_LEGEND, objectiveName, titleParts } from './figure-style.js';
import { fontAdvances, fontFile } from './text-metrics.js';

/** The final values of a sweep cell that the figures draw. */
export const SWEEP_METRICS = ['objective', 'return', 'memoryCost', 'actionEntropy'] as const;
export type SweepMetric = (typeof SWEEP_METRICS)[number];

/** What the sweep figures need of one finished cell (`cells/<id>.json`). */
export interface PlottedCell {
  index: number;
  /** Grid key -> value of this cell. */
  parameters: Readonly<Record<string, unknown>>;
  replicate: number;
  final: Readonly<Record<SweepMetric, number>>;
}

/** What the sweep figures need of a sweep directory (or of the shard directories of one sweep). */
export interface PlottedSweep {
  /** The environment id, or null when the task is one of the grid keys. */
  task: string | null;
  replicates: number;
  gridKeys: readonly string[];
  /** Cells of the whole sweep. */
  cellCount: number;
  /** The shards plotted (`1/3`, ...), or none for the directory of a whole sweep. */
  shards: readonly string[];
  /** The finished cells (any order). */
  cells: readonly PlottedCell[];
}

/** Most lines of a by-key figure: with more combinations of the other grid keys, one line averages over them. */
export const MAX_SERIES = 8;
/** A numeric key whose positive values span more than this factor is drawn on a log axis. */
export const LOG_SPAN = 20;
/** Most grid values labelled one by one on a quantitative axis (more get the axis's own ticks). */
const LABELLED_VALUES = 12;

const METRIC_TITLES: Readonly<Record<SweepMetric, string>> = {
  objective: 'objective',
  return: 'return',
  memoryCost: 'memory cost (lambda KL)',
  actionEntropy: 'action entropy (nats per episode)',
};
/** Panel headings of the by-key figures, from the rows' metric ids. */
const METRIC_HEADINGS = `(${JSON.stringify(METRIC_TITLES)})[datum.value]`;

let advances: ((codePoint: number) => number) | undefined;

/** Width in px of a 10 px label in the font the figures are drawn with. */
function labelWidth(text: string): number {
  advances ??= fontAdvances(fontFile('regular'));
  let em = 0;
  for (const char of text) em += advances(char.codePointAt(0)!);
  return 10 * em;
}

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

/** The series of a by-key figure that averages over the other grid keys. */
const AVERAGE = 'average';
const PANEL_WIDTH = 250;
/** Colour of a figure's only line (vega's first category colour), its error bars drawn alike. */
const SINGLE_COLOUR = '#4c78a8';

/** The grid keys to draw against; a sweep without any is drawn against its task. */
function plottedKeys(sweep: PlottedSweep): readonly string[] {
  return sweep.gridKeys.length > 0 ? sweep.gridKeys : ['task'];
}

/** A cell's value of a grid key (the sweep's task for `task` when it is not one). */
function valueOf(sweep: PlottedSweep, cell: PlottedCell, key: string): unknown {
  if (Object.hasOwn(cell.parameters, key)) return cell.parameters[key] ?? null;
  return key === 'task' ? sweep.task : null;
}

/** A grid value's identity (1 and "1" differ). */
const identity = (value: unknown) => JSON.stringify(value ?? null);

/** Cells by a grouping key, each group in the order given. */
function groupBy(cells: readonly PlottedCell[], keyOf: (cell: PlottedCell) => string): Map<string, PlottedCell[]> {
  const groups = new Map<string, PlottedCell[]>();
  for (const cell of cells) {
    const key = keyOf(cell);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [cell]);
    else group.push(cell);
  }
  return groups;
}

const ordered = (cells: readonly PlottedCell[]) => [...cells].sort((p, q) => p.index - q.index);

/** "switchAt" for `envOptions.switchAt`, other keys as they are. */
export const keyName = (key: string) => (key.startsWith('envOptions.') ? key.slice('envOptions.'.length) : key);

/** Axis title of a grid key (the `objective` key is told apart from the objective's value). */
function keyTitle(key: string): string {
  if (key.startsWith('envOptions.')) return `${keyName(key)} (environment option)`;
  if (key === 'objective') return 'objective function';
  if (key === 'task') return 'task (environment)';
  return key;
}

/** A grid value in a series label: the objective or task alone ("Eq. 8"), any other key as name=value. */
const part = (key: string, label: string) => (key === 'objective' || key === 'task' ? label : `${keyName(key)}=${label}`);

/** File-name parts for the keys: option names without `envOptions.`, unless two keys would share one. */
function keyStems(keys: readonly string[]): string[] {
  const stem = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'key';
  const short = keys.map((k) => stem(keyName(k)));
  return keys.map((k, i) => (short.filter((s) => s === short[i]).length > 1 ? stem(k) : short[i]!));
}

interface KeyAxis {
  key: string;
  /** The distinct values of the finished cells: ascending when all are numbers, else in grid order. */
  values: unknown[];
  numeric: boolean;
  log: boolean;
  label: (value: unknown) => string;
}

function keyAxis(sweep: PlottedSweep, key: string): KeyAxis {
  const seen = new Map<string, unknown>();
  for (const cell of ordered(sweep.cells)) {
    const value = valueOf(sweep, cell, key);
    if (!seen.has(identity(value))) seen.set(identity(value), value);
  }
  const values = [...seen.values()];
  const numeric = values.length > 0 && values.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (numeric) (values as number[]).sort((p, q) => p - q);
  const log = numeric && (values[0] as number) > 0 && (values[values.length - 1] as number) / (values[0] as number) > LOG_SPAN;
  const labels = valueLabels(key, values);
  const byIdentity = new Map(values.map((v, i) => [identity(v), labels[i]!]));
  return { key, values, numeric, log, label: (value) => byIdentity.get(identity(value)) ?? identity(value) };
}

/**
 * Readable labels of a key's values: numbers as written, objectives by name ("Eq. 8"), file
 * paths by their base name (with as many parent folders as tell two paths apart), booleans and
 * null as words. Values that would still share a label are shown as JSON.
 */
export function valueLabels(key: string, values: readonly unknown[]): string[] {
  const isPath = (v: unknown): v is string => typeof v === 'string' && /[\\/]/.test(v);
  const paths = values.filter(isPath).map((p) => p.split(/[\\/]+/).filter((s) => s !== ''));
  const tail = (parts: readonly string[], n: number) => parts.slice(-n).join('/');
  const shortPath = (path: string) => {
    const parts = path.split(/[\\/]+/).filter((s) => s !== '');
    for (let n = 1; n < parts.length; n++) {
      if (paths.every((other) => other.join('/') === parts.join('/') || tail(other, n) !== tail(parts, n))) return tail(parts, n);
    }
    return path;
  };
  const labels = values.map((v) => {
    if (typeof v === 'number') return String(v);
    if (isPath(v)) return shortPath(v);
    if (typeof v === 'string') return key === 'objective' ? objectiveName(v) : v;
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'boolean') return String(v);
    return JSON.stringify(v);
  });
  return labels.map((label, i) => (labels.indexOf(label) === labels.lastIndexOf(label) ? label : identity(values[i])));
}

/** Quantitative x of a numeric key: its grid values labelled (when few), a little room at each end. */
function quantitativeX(axis: KeyAxis) {
  const values = axis.values as number[];
  const [low, high] = [values[0]!, values[values.length - 1]!];
  let domain: [number, number];
  if (axis.log) {
    const pad = 0.05 * Math.log10(high / low);
    domain = [low / 10 ** pad, high * 10 ** pad];
  } else {
    const pad = high > low ? 0.05 * (high - low) : Math.abs(low) * 0.1 || 1;
    domain = [low - pad, high + pad];
  }
  return {
    field: 'gridValue',
    type: 'quantitative' as const,
    title: `${keyTitle(axis.key)}${axis.log ? ' (log scale)' : ''}`,
    scale: axis.log ? { type: 'log', domain, nice: false } : { type: 'linear', domain, nice: false, zero: false },
    // The grid's values written as in the config (0.05, 10), or the axis's own ticks when there are many.
    axis: { labelOverlap: 'greedy', labelSeparation: 4, ...(values.length <= LABELLED_VALUES ? { values, labelExpr: "'' + datum.value" } : { format: ',~r' }) },
  };
}

/** Ordinal x of a key with values other than numbers, in grid order; long labels tilted. */
function ordinalX(axis: KeyAxis) {
  const labels = axis.values.map(axis.label);
  const room = ordinalWidth(axis) / Math.max(1, labels.length);
  const widest = labels.reduce((w, label) => Math.max(w, labelWidth(label)), 0);
  return { field: 'gridValue', type: 'ordinal' as const, sort: labels, title: keyTitle(axis.key), axis: { labelAngle: widest + 6 > room ? -30 : 0 } };
}

/** Panel width for an ordinal axis: at least the usual width, 40 px a value. */
const ordinalWidth = (axis: KeyAxis) => Math.max(PANEL_WIDTH, 40 * axis.values.length);

/** "6 of 8 cells" (and the shards plotted). */
function cellsText(sweep: PlottedSweep): string {
  const shards = sweep.shards.length === 0 ? '' : ` (shard${sweep.shards.length === 1 ? '' : 's'} ${sweep.shards.join(', ')})`;
  return `${sweep.cells.length} of ${sweep.cellCount} cells${shards}`;
}

/** "maze sweep", or with `task` as a grid key "maze, cliff sweep": the default title of a sweep's figures. */
function sweepTitle(sweep: PlottedSweep): string {
  const tasks = sweep.gridKeys.includes('task') ? keyAxis(sweep, 'task').values.map(String) : sweep.task === null ? [] : [sweep.task];
  return tasks.length === 0 ? 'sweep' : `${tasks.join(', ')} sweep`;
}

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

/**
 * Mean and standard error over replicates of a metric: each replicate's cells are averaged first
 * (one cell, or several when a line averages over other keys), then the replicates' values give
 * the mean and sd / sqrt(n) (sd with n - 1); no standard error for one replicate.
 */
export function overReplicates(cells: readonly PlottedCell[], metric: SweepMetric): { mean: number; standardError: number | null; count: number } | null {
  const byReplicate = new Map<number, number[]>();
  for (const cell of cells) {
    const value = cell.final[metric];
    if (!Number.isFinite(value)) continue;
    const values = byReplicate.get(cell.replicate);
    if (values === undefined) byReplicate.set(cell.replicate, [value]);
    else values.push(value);
  }
  const values = [...byReplicate.values()].map(mean);
  if (values.length === 0) return null;
  const m = mean(values);
  if (values.length === 1) return { mean: m, standardError: null, count: 1 };
  const variance = values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1);
  return { mean: m, standardError: Math.sqrt(variance / values.length), count: values.length };
}

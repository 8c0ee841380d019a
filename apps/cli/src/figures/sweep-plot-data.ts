// What the sweep figures draw: a sweep's finished cells, its grid keys as axes and labels,
// and the mean and standard error over replicates.
import { objectiveName } from './figure-style.js';
import { fontAdvances, fontFile } from './text-metrics.js';

/** A numeric key whose positive values span more than this factor is drawn on a log axis. */
export const LOG_SPAN = 20;
/** Most grid values labelled one by one on a quantitative axis (more get the axis's own ticks). */
const LABELLED_VALUES = 12;

let advances: ((codePoint: number) => number) | undefined;

/** Width in px of a 10 px label in the font the figures are drawn with. */
export function labelWidth(text: string): number {
  advances ??= fontAdvances(fontFile('regular'));
  let em = 0;
  for (const char of text) em += advances(char.codePointAt(0)!);
  return 10 * em;
}


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

/** The series of a by-key figure that averages over the other grid keys. */
export const AVERAGE = 'average';
export const PANEL_WIDTH = 250;
/** Colour of a figure's only line (vega's first category colour), its error bars drawn alike. */
export const SINGLE_COLOUR = '#4c78a8';

/** The grid keys to draw against; a sweep without any is drawn against its task. */
export function plottedKeys(sweep: PlottedSweep): readonly string[] {
  return sweep.gridKeys.length > 0 ? sweep.gridKeys : ['task'];
}

/** A cell's value of a grid key (the sweep's task for `task` when it is not one). */
export function valueOf(sweep: PlottedSweep, cell: PlottedCell, key: string): unknown {
  if (Object.hasOwn(cell.parameters, key)) return cell.parameters[key] ?? null;
  return key === 'task' ? sweep.task : null;
}

/** A grid value's identity (1 and "1" differ). */
export const identity = (value: unknown) => JSON.stringify(value ?? null);

/** Cells by a grouping key, each group in the order given. */
export function groupBy(cells: readonly PlottedCell[], keyOf: (cell: PlottedCell) => string): Map<string, PlottedCell[]> {
  const groups = new Map<string, PlottedCell[]>();
  for (const cell of cells) {
    const key = keyOf(cell);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [cell]);
    else group.push(cell);
  }
  return groups;
}

export const ordered = (cells: readonly PlottedCell[]) => [...cells].sort((p, q) => p.index - q.index);

/** "switchAt" for `envOptions.switchAt`, other keys as they are. */
export const keyName = (key: string) => (key.startsWith('envOptions.') ? key.slice('envOptions.'.length) : key);

/** Axis title of a grid key (the `objective` key is told apart from the objective's value). */
export function keyTitle(key: string): string {
  if (key.startsWith('envOptions.')) return `${keyName(key)} (environment option)`;
  if (key === 'objective') return 'objective function';
  if (key === 'task') return 'task (environment)';
  return key;
}

/** A grid value in a series label: the objective or task alone ("Eq. 8"), any other key as name=value. */
export const part = (key: string, label: string) => (key === 'objective' || key === 'task' ? label : `${keyName(key)}=${label}`);

/** File-name parts for the keys: option names without `envOptions.`, unless two keys would share one. */
export function keyStems(keys: readonly string[]): string[] {
  const stem = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'key';
  const short = keys.map((k) => stem(keyName(k)));
  return keys.map((k, i) => (short.filter((s) => s === short[i]).length > 1 ? stem(k) : short[i]!));
}

export interface KeyAxis {
  key: string;
  /** The distinct values of the finished cells: ascending when all are numbers, else in grid order. */
  values: unknown[];
  numeric: boolean;
  log: boolean;
  label: (value: unknown) => string;
}

export function keyAxis(sweep: PlottedSweep, key: string): KeyAxis {
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
export function quantitativeX(axis: KeyAxis) {
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
export function ordinalX(axis: KeyAxis) {
  const labels = axis.values.map(axis.label);
  const room = ordinalWidth(axis) / Math.max(1, labels.length);
  const widest = labels.reduce((w, label) => Math.max(w, labelWidth(label)), 0);
  return { field: 'gridValue', type: 'ordinal' as const, sort: labels, title: keyTitle(axis.key), axis: { labelAngle: widest + 6 > room ? -30 : 0 } };
}

/** Panel width for an ordinal axis: at least the usual width, 40 px a value. */
export const ordinalWidth = (axis: KeyAxis) => Math.max(PANEL_WIDTH, 40 * axis.values.length);

/** "6 of 8 cells" (and the shards plotted). */
export function cellsText(sweep: PlottedSweep): string {
  const shards = sweep.shards.length === 0 ? '' : ` (shard${sweep.shards.length === 1 ? '' : 's'} ${sweep.shards.join(', ')})`;
  return `${sweep.cells.length} of ${sweep.cellCount} cells${shards}`;
}

/** "maze sweep", or with `task` as a grid key "maze, cliff sweep": the default title of a sweep's figures. */
export function sweepTitle(sweep: PlottedSweep): string {
  const tasks = sweep.gridKeys.includes('task') ? keyAxis(sweep, 'task').values.map(String) : sweep.task === null ? [] : [sweep.task];
  return tasks.length === 0 ? 'sweep' : `${tasks.join(', ')} sweep`;
}

export const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

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

import { toCsv, toJson } from '../json-output.js';
import type { CellRecord } from './cell-record.js';

/** The metrics of a cell: its final value components (mean of the last three evaluations) and each evaluation. */
const VALUE_METRICS = ['objective', 'return', 'memoryCost', 'actionEntropy'] as const;

/**
 * The tidy table of a sweep: one row per cell and metric, columns
 *   cell, <grid keys...>, replicate, seed, episode, metric, value,
 * where `episode` is empty for a cell's final values (and for `steps`, all environment
 * steps of the run) and the evaluation's episode for a learning-curve point.
 * CSV (RFC 4180 quoting) and JSON lines, rows in cell order; pandas, R and vega read both.
 */
export function tidyTable(gridKeys: readonly string[], cells: readonly CellRecord[]): { csv: string; jsonl: string } {
  const columns = ['cell', ...gridKeys, 'replicate', 'seed', 'episode', 'metric', 'value'];
  const rows: Record<string, unknown>[] = [];
  for (const cell of [...cells].sort((a, b) => a.index - b.index)) {
    const base = { cell: cell.id, ...Object.fromEntries(gridKeys.map((k) => [k, cell.parameters[k] ?? null])), replicate: cell.replicate, seed: cell.settings.seed };
    for (const metric of VALUE_METRICS) rows.push({ ...base, episode: null, metric, value: cell.final[metric] });
    rows.push({ ...base, episode: null, metric: 'steps', value: cell.steps.total });
    for (const point of cell.curve) {
      for (const metric of VALUE_METRICS) rows.push({ ...base, episode: point.episode, metric, value: point[metric] });
    }
  }
  const csv = toCsv(columns, rows.map((row) => columns.map((c) => row[c])));
  const jsonl = rows.map((row) => toJson(Object.fromEntries(columns.map((c) => [c, row[c]])))).join('\n');
  return { csv, jsonl: `${jsonl}\n` };
}


import type { TimePressureComparison } from '@dra/experiments';
import { z } from 'zod';
import type { SavedRun } from '../saved-run.js';
import { UsageError } from '../usage-error.js';
import type { Figure } from './figure.js';
import { hardThompsonEntropyMap, sigmaMap, valueMap } from './map-figures.js';
import { convergenceCurves, finalBars } from './run-figures.js';
import { runHeadings, runsTitle, seriesLabels } from './series-labels.js';
import { dPrimeByRewardDifference, flexibleMinusEqual, objectiveByBudget, sigmaTable } from './time-pressure-figures.js';
import { INPUT_LIMITS, readInputFile } from '../input-file.js';

/** A file-name-safe stem. */
export const stem = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'run';

/**
 * The figures of a set of run directories: per run with a 2-D map, choice-entropy, sigma and
 * value maps (of the map in force at its last episode); for all runs, convergence curves and
 * final bars, runs that differ only in seed pooled as one series, titled `title` or else by
 * `runsTitle`.
 */
export function runFigures(runs: readonly SavedRun[], names: readonly string[], title?: string): Figure[] {
  const settings = runs.map((r) => r.settings);
  const labels = seriesLabels(settings);
  const headings = runHeadings(settings);
  const figures: Figure[] = [];
  runs.forEach((run, i) => {
    const layout = run.environment.mapLayout?.(run.settings.episodes - 1) ?? null;
    if (layout === null) return;
    const heading = headings[i]!;
    figures.push(hardThompsonEntropyMap(`${names[i]}-choice-entropy`, heading, layout, run.memory));
    figures.push(sigmaMap(`${names[i]}-sigma`, heading, layout, run.memory));
    figures.push(valueMap(`${names[i]}-value`, heading, layout, run.memory));
  });
  const plotted = runs.map((r, i) => ({ series: labels[i]!, seed: r.settings.seed, curve: r.curve, final: r.final }));
  figures.push(convergenceCurves('convergence', title ?? runsTitle(settings), plotted));
  figures.push(finalBars('final-bars', title ?? runsTitle(settings), plotted));
  return figures;
}

/** The planning task's figures from a `dra time-pressure --json` result. */
export function timePressureFigures(comparison: TimePressureComparison, name: string): Figure[] {
  return [
    flexibleMinusEqual(`${name}-flexible-minus-equal`, comparison),
    objectiveByBudget(`${name}-objective`, comparison),
    sigmaTable(`${name}-sigma-table`, comparison),
    dPrimeByRewardDifference(`${name}-dprime`, comparison),
  ];
}

const finiteOrNull = z.number().nullable();
const ALLOCATION_SUMMARY = z.looseObject({ objective: finiteOrNull, objectiveStandardError: finiteOrNull, return: finiteOrNull, memoryCost: finiteOrNull, sigma: z.array(finiteOrNull) });
const DPRIME_FIT = z.looseObject({ slope: finiteOrNull, slopeStandardError: finiteOrNull, correlation: finiteOrNull });
const TIME_PRESSURE_SCHEMA = z.object({
  model: z.enum(['tree-search', 'gradient']),
  settings: z.looseObject({ depth: z.number().int().min(1), seeds: z.array(z.number().int()).min(1), budgets: z.array(z.number().int()).min(1) }),
  memories: z.array(z.number().int().min(0)),
  rows: z
    .array(
      z.looseObject({
        budget: z.number().int().min(1),
        flexible: ALLOCATION_SUMMARY,
        equal: ALLOCATION_SUMMARY,
        difference: finiteOrNull,
        differenceStandardError: finiteOrNull,
        poster: finiteOrNull,
        dPrime: z.object({ flexible: DPRIME_FIT, equal: DPRIME_FIT }),
        choices: z.array(
          z.object({ allocation: z.enum(['flexible', 'equal']), seed: z.number().int(), state: z.number().int(), rewardDifference: z.number(), dPrime: finiteOrNull }),
        ),
      }),
    )
    .min(1),
}).superRefine((value, context) => {
  value.rows.forEach((row, i) => {
    for (const allocation of ['flexible', 'equal'] as const) {
      if (row[allocation].sigma.length !== value.memories.length) {
        context.addIssue({ code: 'custom', path: ['rows', i, allocation, 'sigma'], message: `expected one sigma per memory (${value.memories.length}), got ${row[allocation].sigma.length}` });
      }
    }
  });
});

/** Reads a `dra time-pressure --json` file; a malformed one is a usage error listing every problem with its path. */
export function readTimePressure(file: string): TimePressureComparison {
  const text = readInputFile(file, '', INPUT_LIMITS.data);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`'${file}': not valid JSON (${(error as Error).message})`);
  }
  const result = TIME_PRESSURE_SCHEMA.safeParse(parsed);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new UsageError(`'${file}' is not a dra time-pressure --json result:\n${problems.slice(0, 12).join('\n')}${problems.length > 12 ? `\n  ... and ${problems.length - 12} more` : ''}`);
  }
  return parsed as TimePressureComparison;
}

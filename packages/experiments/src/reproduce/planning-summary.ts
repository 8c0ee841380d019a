import type { TimePressureComparison, TimePressureRow } from '../time-pressure/time-pressure.js';
import { PUBLISHED } from '../published-values.js';
import { formatStat, type Check } from './claim-rules.js';

/**
 * The planning task's claims (docs/tasks.md 2, the poster's Fig. 3) checked on a time-pressure
 * comparison. Every rule uses the standard error over seeds (`differenceStandardError`,
 * `slopeStandardError`), so each check names its seeds.
 */
export function planningChecks(comparison: TimePressureComparison): Check[] {
  const rows = comparison.rows;
  const depth = comparison.settings.depth;
  const whole = depth * 2 ** depth;
  const seeds = comparison.settings.seeds;
  const seedText = `${seeds.length} seeds (${seeds.join(', ')}), ${comparison.model} model${seeds.length < 2 ? '; a standard error over seeds needs 2 or more, so this check cannot pass' : ''}`;
  const enough = seeds.length >= 2;
  const poster = PUBLISHED.planning.flexibleMinusEqual;
  const diff = (r: TimePressureRow) => formatStat({ mean: r.difference, se: r.differenceStandardError, n: seeds.length });
  const posterText = (budgets: readonly TimePressureRow[]) => budgets.map((r) => `${r.budget}: ${poster[r.budget] ?? '?'}`).join(', ');
  const se = (x: number) => (Number.isFinite(x) ? x : 0);
  const underPressure = rows.filter((r) => r.budget <= whole / 2);
  const full = rows.find((r) => r.budget === whole) ?? rows[rows.length - 1]!;
  const tight = rows[0]!;
  const largest = rows.reduce((a, b) => (b.difference > a.difference ? b : a));
  const checks: Check[] = [];

  checks.push({
    id: 'planning.flexible-ahead-under-pressure',
    claim: `flexible allocation beats equal precision at every budget up to half the tree (${underPressure.map((r) => r.budget).join(', ')})`,
    ours: underPressure.map((r) => `${r.budget}: ${diff(r)}`).join('; '),
    reference: `${posterText(underPressure)} (poster, docs/tasks.md 2)`,
    rule: `flexible - equal > 3 s.e. at each of these budgets; ${seedText}`,
    pass: enough && underPressure.length > 0 && underPressure.every((r) => r.difference > 3 * se(r.differenceStandardError)),
  });
  checks.push({
    id: 'planning.largest-gap-under-pressure',
    claim: `the advantage is largest at a quarter to half of the tree (budgets ${2 * depth} to ${whole / 2})`,
    ours: `largest flexible - equal at budget ${largest.budget}: ${diff(largest)}`,
    reference: `largest at 12 (13.5; poster, docs/tasks.md 2)`,
    rule: `the budget with the largest mean flexible - equal lies in [${2 * depth}, ${whole / 2}]; ${seedText}`,
    pass: largest.budget >= 2 * depth && largest.budget <= whole / 2,
  });
  checks.push({
    id: 'planning.no-gap-with-whole-tree',
    claim: `the advantage vanishes when the budget covers every path (${full.budget})`,
    ours: diff(full),
    reference: `${poster[full.budget] ?? '?'} at ${full.budget} (poster, docs/tasks.md 2)`,
    rule: `|flexible - equal| < 2 objective points at ${full.budget}; ${seedText}`,
    pass: full.budget === whole && Math.abs(full.difference) < 2,
  });
  checks.push({
    id: 'planning.flexible-never-behind',
    claim: 'flexible is never behind equal precision (equal precision is one flexible allocation)',
    ours: `smallest flexible - equal: ${diff(rows.reduce((a, b) => (b.difference < a.difference ? b : a)))}`,
    reference: 'follows from the model (docs/tasks.md 2); the poster shows -1.5 and -1.3 at 21 and 24',
    rule: `flexible - equal >= -2 s.e. at every budget; ${seedText}`,
    pass: enough && rows.every((r) => r.difference >= -2 * se(r.differenceStandardError)),
  });
  const slope = (r: TimePressureRow, allocation: 'flexible' | 'equal' = 'flexible') =>
    formatStat({ mean: r.dPrime[allocation].slope, se: r.dPrime[allocation].slopeStandardError, n: seeds.length }, 4);
  const f = (r: TimePressureRow) => r.dPrime.flexible;
  checks.push({
    id: 'planning.dprime-steeper-under-pressure',
    claim: "d' grows with the reward difference of a choice, more steeply under time pressure",
    ours: `flexible slope of d' on reward difference: ${rows.map((r) => `${r.budget}: ${slope(r)}`).join('; ')}`,
    reference: 'roughly linear, steeper under time pressure (poster, docs/tasks.md 2)',
    rule: `flexible slope > 3 s.e. above 0 at budget ${tight.budget}, and above the slope at ${full.budget} by more than 3 combined s.e.; ${seedText}`,
    pass: enough && f(tight).slope > 3 * se(f(tight).slopeStandardError) && f(tight).slope - f(full).slope > 3 * Math.hypot(se(f(tight).slopeStandardError), se(f(full).slopeStandardError)),
  });
  checks.push({
    id: 'planning.precision-where-choices-matter',
    claim: "under time pressure the flexible allocation makes the choices that matter more precise: its d' rises more steeply with the reward difference than equal precision's (whose one sigma makes d' proportional to it)",
    ours: underPressure
      .map((r) => `${r.budget}: ${slope(r)} vs ${slope(r, 'equal')} (difference ${formatStat({ mean: r.dPrimeSlopeDifference.mean, se: r.dPrimeSlopeDifference.standardError, n: seeds.length }, 4)})`)
      .join('; '),
    reference: "the d' table coloured by reward difference (poster, docs/tasks.md 2)",
    rule: `flexible slope - equal slope, paired by seed, > 3 s.e. at each budget up to ${whole / 2}; ${seedText}`,
    pass: enough && underPressure.length > 0 && underPressure.every((r) => r.dPrimeSlopeDifference.mean > 3 * se(r.dPrimeSlopeDifference.standardError)),
  });
  return checks;
}

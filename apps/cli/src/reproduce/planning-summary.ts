import type { TimePressureComparison } from '@dra/agent';
import { PUBLISHED } from './published-values.js';
import { formatStat, type Check } from './statistics.js';

/** The planning task's claims (TASKS.md 2) checked on a merged time-pressure comparison. */
export function planningChecks(comparison: TimePressureComparison): Check[] {
  const rows = comparison.rows;
  const tight = rows[0]!;
  const full = rows[rows.length - 1]!;
  const diff = (r: (typeof rows)[number]) => formatStat({ mean: r.difference, se: r.differenceStandardError, n: comparison.settings.seeds.length });
  const poster = PUBLISHED.planning.flexibleMinusEqual;
  return [
    {
      id: 'planning.flexible-ahead-under-pressure',
      claim: `flexible allocation beats equal precision at the tightest budget (${tight.budget})`,
      ours: diff(tight),
      reference: `+${poster[tight.budget] ?? '?'} (poster, TASKS.md 2)`,
      rule: 'flexible - equal > 2 s.e.',
      pass: tight.difference > 2 * (Number.isFinite(tight.differenceStandardError) ? tight.differenceStandardError : 0),
    },
    {
      id: 'planning.advantage-vanishes',
      claim: `the advantage vanishes as the budget reaches every path (${full.budget})`,
      ours: `${diff(full)} at ${full.budget} against ${diff(tight)} at ${tight.budget}`,
      reference: `${poster[full.budget] ?? '?'} at ${full.budget} (poster, TASKS.md 2)`,
      rule: `|flexible - equal| at ${full.budget} below flexible - equal at ${tight.budget}`,
      pass: Math.abs(full.difference) < tight.difference,
    },
    {
      id: 'planning.dprime-steeper-under-pressure',
      claim: "d' grows with the reward difference of a choice, more steeply under time pressure",
      ours: `slope ${tight.dPrimeSlope.flexible.toFixed(4)} at ${tight.budget} (r = ${tight.dPrimeCorrelation.flexible.toFixed(2)}), ${full.dPrimeSlope.flexible.toFixed(4)} at ${full.budget}`,
      reference: 'roughly linear, steeper under time pressure (TASKS.md 2)',
      rule: `flexible: r > 0.5 at ${tight.budget} and a steeper slope at ${tight.budget} than at ${full.budget}`,
      pass: tight.dPrimeCorrelation.flexible > 0.5 && tight.dPrimeSlope.flexible > full.dPrimeSlope.flexible,
    },
  ];
}

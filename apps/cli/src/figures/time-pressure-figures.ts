import type { TimePressureComparison } from '@dra/agent';
import type { Figure, FigureRow } from './figure.js';

const finite = (x: number | null) => (x !== null && Number.isFinite(x) ? x : null);

/**
 * Planning task (TASKS.md 2, paper Fig. 3): flexible minus equal-precision objective by
 * search budget, ours (mean over seeds +- 1 s.e.) beside the values read off the poster.
 */
export function flexibleMinusEqual(name: string, comparison: TimePressureComparison): Figure {
  const data: FigureRow[] = comparison.rows.flatMap((r) => {
    const se = finite(r.differenceStandardError) ?? 0;
    const ours = { budget: r.budget, source: 'this toolkit', value: finite(r.difference), low: finite(r.difference - se), high: finite(r.difference + se) };
    return r.poster === null ? [ours] : [ours, { budget: r.budget, source: 'poster', value: r.poster, low: r.poster, high: r.poster }];
  });
  const x = { field: 'budget', type: 'quantitative' as const, title: 'search budget (single-step expansions)', scale: { zero: false } };
  const colour = { field: 'source', type: 'nominal' as const, title: null };
  return {
    name,
    caption: `planning task: flexible minus equal objective by search budget (${comparison.settings.seeds.length} seeds, ${comparison.settings.trials} trials), with the poster's values`,
    data,
    spec: {
      title: { text: 'Flexible minus equal precision', subtitle: `depth ${comparison.settings.depth}, ${comparison.settings.trials} trials, seeds ${comparison.settings.seeds.join(',')}` },
      width: 380,
      height: 240,
      layer: [
        { mark: { type: 'rule', color: '#888' }, encoding: { y: { datum: 0 } } },
        { mark: 'errorbar', encoding: { x, y: { field: 'low', type: 'quantitative', title: 'objective difference' }, y2: { field: 'high' }, color: colour } },
        { mark: { type: 'line', point: true }, encoding: { x, y: { field: 'value', type: 'quantitative' }, color: colour } },
      ],
    } as Figure['spec'],
  };
}

/**
 * d' = |q1 - q2| / sqrt(sigma1^2 + sigma2^2) of every learned choice against the reward
 * difference of its two options, per budget, with least-squares lines per allocation.
 */
export function dPrimeByRewardDifference(name: string, comparison: TimePressureComparison): Figure {
  const data: FigureRow[] = comparison.rows.flatMap((r) =>
    r.choices.map((c) => ({ budget: r.budget, allocation: c.allocation, seed: c.seed, state: c.state, rewardDifference: c.rewardDifference, dPrime: finite(c.dPrime) })),
  );
  const x = { field: 'rewardDifference', type: 'quantitative' as const, title: 'reward difference of the choices' };
  const y = { field: 'dPrime', type: 'quantitative' as const, title: "d'" };
  const colour = { field: 'allocation', type: 'nominal' as const, title: null };
  return {
    name,
    caption: "planning task: d' of each learned choice against the reward difference of its options, per search budget, with least-squares lines",
    data,
    spec: {
      title: "d' against reward difference",
      facet: { field: 'budget', type: 'ordinal', title: 'search budget', sort: 'ascending' },
      columns: 4,
      spec: {
        width: 160,
        height: 140,
        layer: [
          { mark: { type: 'point', opacity: 0.5, size: 20 }, encoding: { x, y, color: colour } },
          { transform: [{ regression: 'dPrime', on: 'rewardDifference', groupby: ['allocation'] }], mark: 'line', encoding: { x, y, color: colour } },
        ],
      },
    } as Figure['spec'],
  };
}

import type { TimePressureComparison } from '@dra/experiments';
import { HUYS_STATES } from '@dra/environments';
import type { Figure, FigureRow } from './figure.js';
import { LINE_LEGEND } from './figure-style.js';

const finite = (x: number | null) => (x !== null && Number.isFinite(x) ? x : null);
/** Equal precision solid, flexible dashed: where the two agree, both stay visible. */
const ALLOCATION_DASH = { domain: ['equal', 'flexible'], range: [[1, 0], [6, 3]] };

/**
 * Planning task (docs/tasks.md 2, paper Fig. 3): flexible minus equal-precision objective by
 * search budget, ours (mean over seeds +- 1 s.e.) beside the values read off the poster.
 */
export function flexibleMinusEqual(name: string, comparison: TimePressureComparison): Figure {
  const data: FigureRow[] = comparison.rows.flatMap((r) => {
    const se = finite(r.differenceStandardError) ?? 0;
    const ours = { budget: r.budget, source: 'this toolkit', value: finite(r.difference), low: finite(r.difference - se), high: finite(r.difference + se) };
    return r.poster === null ? [ours] : [ours, { budget: r.budget, source: 'poster', value: r.poster, low: r.poster, high: r.poster }];
  });
  const x = { field: 'budget', type: 'quantitative' as const, title: 'search budget (single-step expansions)', scale: { zero: false } };
  const colour = { field: 'source', type: 'nominal' as const, title: null, legend: LINE_LEGEND };
  return {
    name,
    caption: `planning task: flexible minus equal objective by search budget (${comparison.model} model, ${comparison.settings.seeds.length} seeds, +- 1 s.e. over seeds), with the poster's values`,
    data,
    spec: {
      title: { text: 'Flexible minus equal precision', subtitle: `depth ${comparison.settings.depth}, ${comparison.model} model, seeds ${comparison.settings.seeds.join(',')}` },
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
  const x = { field: 'rewardDifference', type: 'quantitative' as const, title: 'reward difference' };
  const y = { field: 'dPrime', type: 'quantitative' as const, title: "d'" };
  const colour = { field: 'allocation', type: 'nominal' as const, title: null, legend: LINE_LEGEND };
  const dash = { field: 'allocation', type: 'nominal' as const, title: null, scale: ALLOCATION_DASH, legend: LINE_LEGEND };
  return {
    name,
    caption: "planning task: d' of each learned choice against the reward difference of its options, per search budget, with least-squares lines (flexible dashed: where the allocations agree it runs over the equal one)",
    data,
    spec: {
      title: "d' against reward difference",
      facet: { field: 'budget', type: 'ordinal', title: 'search budget', sort: 'ascending' },
      columns: 4,
      spec: {
        width: 160,
        height: 140,
        layer: [
          { mark: { type: 'point', filled: true, opacity: 0.5, size: 20 }, encoding: { x, y, color: colour } },
          // One layer per allocation, flexible drawn last: where the fits agree its dashes lie over the equal line.
          ...ALLOCATION_DASH.domain.map((allocation) => ({
            transform: [{ filter: `datum.allocation === '${allocation}'` }, { regression: 'dPrime', on: 'rewardDifference', groupby: ['allocation'] }],
            mark: 'line',
            encoding: { x, y, color: colour, strokeDash: dash },
          })),
        ],
      },
    } as Figure['spec'],
  };
}

/** Objective of each allocation by search budget (mean over seeds +- 1 s.e.), with its return and memory cost in the data (equal rows first: flexible is drawn over them). */
export function objectiveByBudget(name: string, comparison: TimePressureComparison): Figure {
  const data: FigureRow[] = comparison.rows.flatMap((r) =>
    (['equal', 'flexible'] as const).map((allocation) => {
      const a = r[allocation];
      const se = finite(a.objectiveStandardError) ?? 0;
      return { budget: r.budget, allocation, objective: finite(a.objective), low: finite(a.objective - se), high: finite(a.objective + se), return: finite(a.return), memoryCost: finite(a.memoryCost) };
    }),
  );
  const x = { field: 'budget', type: 'quantitative' as const, title: 'search budget (single-step expansions)', scale: { zero: false } };
  const colour = { field: 'allocation', type: 'nominal' as const, title: null, legend: LINE_LEGEND };
  const dash = { field: 'allocation', type: 'nominal' as const, title: null, scale: ALLOCATION_DASH, legend: LINE_LEGEND };
  return {
    name,
    caption: `planning task: objective (mean return - lambda KL) of flexible and equal precision by search budget (${comparison.model} model, ${comparison.settings.seeds.length} seeds, +- 1 s.e. over seeds; flexible dashed, drawn over equal where they agree)`,
    data,
    spec: {
      title: { text: 'Objective by search budget', subtitle: `depth ${comparison.settings.depth}, ${comparison.model} model, seeds ${comparison.settings.seeds.join(',')}` },
      width: 380,
      height: 240,
      layer: [
        { mark: 'errorbar', encoding: { x, y: { field: 'low', type: 'quantitative', title: 'objective', scale: { zero: false } }, y2: { field: 'high' }, color: colour } },
        { mark: { type: 'line', point: true }, encoding: { x, y: { field: 'objective', type: 'quantitative' }, color: colour, strokeDash: dash } },
      ],
    } as Figure['spec'],
  };
}

/** "state 1, 3 left, a0": a learned memory of the planning task (two actions per state, six states per layer). */
export function planningMemoryLabel(memory: number, depth: number): string {
  const state = Math.floor(memory / 2);
  return `state ${(state % HUYS_STATES) + 1}, ${depth - Math.floor(state / HUYS_STATES)} left, a${memory % 2}`;
}

/** The flexible allocation's sigma per learned memory (rows) and budget (columns), mean over seeds: the poster's table coloured by sigma. */
export function sigmaTable(name: string, comparison: TimePressureComparison): Figure {
  const depth = comparison.settings.depth;
  const data: FigureRow[] = comparison.rows.flatMap((r) =>
    comparison.memories.map((m, i) => ({ budget: r.budget, memory: planningMemoryLabel(m, depth), order: i, sigma: finite(r.flexible.sigma[i]!), label: Math.round(r.flexible.sigma[i]!) })),
  );
  const y = { field: 'memory', type: 'ordinal' as const, title: null, sort: { field: 'order' } };
  const x = { field: 'budget', type: 'ordinal' as const, title: 'search budget' };
  return {
    name,
    caption: `planning task: sigma of each learned memory under flexible allocation, by search budget (${comparison.model} model, mean over ${comparison.settings.seeds.length} seeds; equal precision gives every memory one sigma)`,
    data,
    spec: {
      title: { text: 'Flexible allocation: sigma per memory', subtitle: `depth ${depth}, ${comparison.model} model, seeds ${comparison.settings.seeds.join(',')}` },
      width: 320,
      height: 16 * comparison.memories.length,
      encoding: { x, y },
      layer: [
        { mark: 'rect', encoding: { color: { field: 'sigma', type: 'quantitative', title: 'sigma', scale: { scheme: 'viridis', domain: [1, 100] } } } },
        { mark: { type: 'text', fontSize: 9 }, encoding: { text: { field: 'label', type: 'quantitative' }, color: { condition: { test: 'datum.sigma > 50', value: 'black' }, value: 'white' } } },
      ],
    } as Figure['spec'],
  };
}

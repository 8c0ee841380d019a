import type { ObjectiveComparison, ObjectiveOutcome, VisitGroupId } from '@dra/experiments';
import type { Figure, FigureRow } from './figure.js';

/** Visits drawn at this floor on the log axis (a never-visited state has 0). */
export const VISITS_FLOOR = 1e-3;
const GROUPS: readonly VisitGroupId[] = ['never', 'rare', 'often'];
const COMPONENTS = ['return', 'memoryCost', 'objective', 'exact'] as const;
const finite = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : null);
const runLabel = (o: ObjectiveOutcome) => `${o.objective}/${o.estimator}`;

/** (a) rows: each run's final components (rollouts) and the exact objective of its final memory, +- 1 s.e. */
function componentRows(comparison: ObjectiveComparison): FigureRow[] {
  return comparison.outcomes.flatMap((o) =>
    COMPONENTS.map((component) => {
      const value = component === 'exact' ? o.exactFinal?.objective : o.final[component];
      const se = component === 'exact' ? o.exactFinalStandardError?.objective : o.finalStandardError[component];
      const spread = finite(se) ?? 0;
      return { panel: 'components', run: runLabel(o), component, value: finite(value), low: finite(value! - spread), high: finite(value! + spread) };
    }),
  );
}

/** (b) rows: per run and live state, its mean sigma against its expected visits per episode. */
function sigmaRows(comparison: ObjectiveComparison): FigureRow[] {
  return comparison.outcomes.flatMap((o) =>
    o.states.filter((s) => Number.isFinite(s.sigma)).map((s) => ({ panel: 'sigma', run: runLabel(o), state: s.state, visits: Math.max(VISITS_FLOOR, s.visits), sigma: s.sigma })),
  );
}

/** (c) rows: per run and visit group, the global cost lambda sum KL and the per-visit cost lambda sum visits KL. */
function costRows(comparison: ObjectiveComparison): FigureRow[] {
  return comparison.outcomes.flatMap((o) =>
    GROUPS.flatMap((g) => {
      const group = `${g} (${o.groups[g].states} states)`;
      return [
        { panel: 'cost', run: runLabel(o), group, cost: 'global', value: finite(o.groups[g].globalCost) },
        { panel: 'cost', run: runLabel(o), group, cost: 'per visit', value: finite(o.groups[g].perVisitCost) },
      ];
    }),
  );
}

/**
 * The figure of an objective comparison (`dra compare`), three panels:
 * (a) final return, memory cost and objective (from rollouts) and the exact objective of the final
 *     memory, per compared run (objective and estimator; means over seeds, +- 1 s.e.);
 * (b) mean sigma of each state against its expected visits per episode (log scale);
 * (c) memory cost by visit group: lambda KL summed over the group's memories (the global cost of
 *     DRA and Eq. 10) beside lambda sum visits KL (what Eq. 8 charges).
 */
export function comparisonFigure(name: string, comparison: ObjectiveComparison): Figure {
  const colour = { field: 'run', type: 'nominal' as const, title: 'objective/estimator', sort: null, legend: { orient: 'bottom' } };
  const panel = (id: string) => ({ transform: [{ filter: `datum.panel === '${id}'` }], width: 300, height: 220 });
  const components = {
    ...panel('components'),
    title: '(a) final components',
    encoding: { x: { field: 'component', type: 'nominal' as const, sort: [...COMPONENTS], title: null, axis: { labelAngle: 0 } }, xOffset: { field: 'run', sort: null }, color: colour },
    layer: [
      { mark: { type: 'bar' }, encoding: { y: { field: 'value', type: 'quantitative' as const, title: 'value' } } },
      { mark: { type: 'rule' }, encoding: { y: { field: 'low', type: 'quantitative' as const }, y2: { field: 'high' }, color: { value: 'black' } } },
    ],
  };
  const sigma = {
    ...panel('sigma'),
    title: '(b) mean sigma per state',
    mark: { type: 'circle', opacity: 0.7, size: 30 },
    encoding: {
      x: { field: 'visits', type: 'quantitative' as const, scale: { type: 'log' }, title: `expected visits per episode (log, floor ${VISITS_FLOOR})` },
      y: { field: 'sigma', type: 'quantitative' as const, title: 'mean sigma' },
      color: colour,
      tooltip: [{ field: 'run' }, { field: 'state' }, { field: 'visits' }, { field: 'sigma' }],
    },
  };
  const cost = {
    ...panel('cost'),
    title: '(c) cost by visit group: global (bars), per visit (ticks)',
    encoding: {
      x: { field: 'group', type: 'nominal' as const, sort: null, title: null, axis: { labelAngle: 0 } },
      xOffset: { field: 'run', sort: null },
      y: { field: 'value', type: 'quantitative' as const, title: 'memory cost' },
      color: colour,
    },
    layer: [
      { transform: [{ filter: "datum.cost === 'global'" }], mark: { type: 'bar' } },
      { transform: [{ filter: "datum.cost === 'per visit'" }], mark: { type: 'tick', thickness: 3 }, encoding: { color: { value: 'black' } } },
    ],
  };
  return {
    name,
    caption: `${comparison.env}, seeds ${comparison.seeds.join(', ')}: final components, sigma against visits per state, and the memory cost by visit group paid globally or per visit`,
    data: [...componentRows(comparison), ...sigmaRows(comparison), ...costRows(comparison)],
    spec: { title: `Objectives compared on ${comparison.env}, seeds ${comparison.seeds.join(', ')}`, hconcat: [components, sigma, cost] } as Figure['spec'],
  };
}

import type { ObjectiveComparison, ObjectiveOutcome, VisitGroupId } from '@dra/experiments';
import type { Figure, FigureRow } from './figure.js';
import { objectiveName } from './figure-style.js';

/** Visits drawn at this floor on the log axis (a never-visited state has 0). */
export const VISITS_FLOOR = 1e-3;
const GROUPS: readonly VisitGroupId[] = ['never', 'rare', 'often'];
const COMPONENTS = ['return', 'memoryCost', 'objective', 'exact'] as const;
const finite = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : null);
const runLabel = (o: ObjectiveOutcome) => `${objectiveName(o.objective)} (${o.estimator})`;
/** Panel (a)'s axis labels of the components. */
const COMPONENT_LABELS = "({ return: 'return', memoryCost: 'memory cost', objective: 'objective', exact: 'exact objective' })[datum.value]";
/** Panel (c)'s title: what the bars and the ticks are, as drawn. */
export const COST_PANEL_TITLE = { text: '(c) memory cost by visit group', subtitle: 'filled bars: global; black ticks: per visit' };

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

/** Powers of ten from the floor up to the first at or above the most visits: labels of a log axis that never run into each other. */
function decades(visits: readonly number[]): number[] {
  const top = Math.ceil(Math.log10(visits.reduce((a, b) => Math.max(a, b), VISITS_FLOOR)));
  const out: number[] = [];
  for (let e = Math.round(Math.log10(VISITS_FLOOR)); e <= top; e++) out.push(Number((10 ** e).toPrecision(1)));
  return out;
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
  const visits = sigmaRows(comparison).map((row) => row.visits as number);
  const legend = { orient: 'bottom', symbolType: 'square', symbolOpacity: 1 };
  const colour = { field: 'run', type: 'nominal' as const, title: 'objective (estimator)', sort: null, legend };
  const panel = (id: string) => ({ transform: [{ filter: `datum.panel === '${id}'` }], width: 300, height: 220 });
  const components = {
    ...panel('components'),
    title: { text: '(a) final components', subtitle: 'mean over seeds, +- 1 s.e.' },
    encoding: {
      x: { field: 'component', type: 'nominal' as const, sort: [...COMPONENTS], title: null, axis: { labelAngle: 0, labelExpr: COMPONENT_LABELS } },
      xOffset: { field: 'run', sort: null },
      color: colour,
    },
    layer: [
      { mark: { type: 'bar' }, encoding: { y: { field: 'value', type: 'quantitative' as const, title: 'value' } } },
      { mark: { type: 'rule' }, encoding: { y: { field: 'low', type: 'quantitative' as const }, y2: { field: 'high' }, color: { value: 'black' } } },
    ],
  };
  const sigma = {
    ...panel('sigma'),
    title: { text: '(b) mean sigma per state', subtitle: 'one point per run and state' },
    mark: { type: 'circle', opacity: 0.7, size: 30 },
    encoding: {
      x: { field: 'visits', type: 'quantitative' as const, scale: { type: 'log' }, title: `expected visits per episode (log, floor ${VISITS_FLOOR})`, axis: { values: decades(visits), format: '~g' } },
      y: { field: 'sigma', type: 'quantitative' as const, title: 'mean sigma' },
      color: colour,
      tooltip: [{ field: 'run' }, { field: 'state' }, { field: 'visits' }, { field: 'sigma' }],
    },
  };
  const cost = {
    ...panel('cost'),
    title: COST_PANEL_TITLE,
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

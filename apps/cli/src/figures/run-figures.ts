import { informativeAxis, singleValueAxis } from './curve-domain.js';
import type { Figure, FigureRow } from './figure.js';
import { LINE_LEGEND } from './figure-style.js';

/** What the run figures need of one run: its series label, seed, curve and final values. */
export interface PlottedRun {
  series: string;
  seed: number;
  curve: readonly { episode: number; objective: number; return: number; memoryCost: number }[];
  final: { objective: number; return: number; memoryCost: number };
}

const METRIC_TITLES: Record<string, string> = { objective: 'objective', memoryCost: 'memory cost (lambda KL)', return: 'return' };
const finite = (x: number) => (Number.isFinite(x) ? x : null);
/** Narrowest panel of the bar figure: as wide as its longest heading, "memory cost (lambda KL)" (10 px type). */
const MIN_PANEL_WIDTH = 140;
/** Curves with at most this many evaluations get a point at each (a lone evaluation draws no line). */
const MARKED_POINTS = 30;

/**
 * Convergence curves (docs/tasks.md 1, paper Fig. 1): objective and memory cost against the
 * episode, one line per series (mean over its seeds) with a band of +- 1 standard error. The
 * objective's axis shows the informative range (`informativeAxis`): the first evaluations of
 * an untrained memory, far below, are cut, and the subtitle and caption say where.
 */
export function convergenceCurves(name: string, title: string, runs: readonly PlottedRun[]): Figure {
  const longest = Math.max(0, ...runs.map((r) => r.curve.length));
  const stride = Math.max(1, Math.ceil(longest / DRAWN_POINTS));
  const data: FigureRow[] = runs.flatMap((run) =>
    thinned(run.curve, stride).flatMap((p) =>
      (['objective', 'memoryCost'] as const).map((metric) => ({ series: run.series, seed: run.seed, episode: p.episode, metric, value: finite(p[metric]) })),
    ),
  );
  const of = (metric: string) => data.filter((row) => row.metric === metric).map((row) => ({ episode: row.episode as number, value: row.value as number | null }));
  const axes = { objective: informativeAxis(of('objective')), memoryCost: singleValueAxis(of('memoryCost').map((p) => p.value)) ?? null };
  const cut = axes.objective?.cut ? `objective axis cut at ${axes.objective.domain[0]}: evaluations below it (the untrained start) are off the chart` : null;
  const x = { field: 'episode', type: 'quantitative' as const, title: 'episode', axis: { format: ',d', tickMinStep: 1 } };
  const colour = { field: 'series', type: 'nominal' as const, title: null, sort: null, legend: LINE_LEGEND };
  const panel = (metric: 'objective' | 'memoryCost') => {
    const axis = axes[metric];
    const y = { field: 'value', type: 'quantitative' as const, title: METRIC_TITLES[metric], scale: axis ? { domain: axis.domain, nice: false } : { zero: false } };
    return {
      width: 320,
      height: 220,
      transform: [{ filter: `datum.metric === '${metric}'` }],
      layer: [
        { mark: { type: 'errorband', extent: 'stderr', opacity: 0.25, clip: true }, encoding: { x, y, color: colour } },
        { mark: { type: 'line', strokeWidth: 1.5, clip: true, point: longest <= MARKED_POINTS }, encoding: { x, y: { ...y, aggregate: 'mean' }, color: colour } },
      ],
    };
  };
  const thinning = stride > 1 ? ` (every ${stride}th evaluation drawn, and the last; the run's curve.csv holds all ${longest})` : '';
  return {
    name,
    caption: `${title}: objective and memory cost over training, mean over seeds with a band of +- 1 s.e.${thinning}${cut === null ? '' : `; ${cut}`}`,
    data,
    spec: { title: cut === null ? title : { text: title, subtitle: cut }, hconcat: [panel('objective'), panel('memoryCost')] } as Figure['spec'],
  };
}

/** Most evaluations per run a convergence figure draws: longer curves are thinned (bounded time and memory for any length). */
export const DRAWN_POINTS = 1000;

/** Every `stride`-th point of a curve and its last one (the same episodes for runs of the same schedule). */
function thinned<T>(curve: readonly T[], stride: number): readonly T[] {
  if (stride === 1) return curve;
  return curve.filter((_, i) => i % stride === 0 || i === curve.length - 1);
}

/** Bar chart of the final objective, return and memory cost per series: mean over seeds, +- 1 s.e. (no legend: the axis names each bar). */
export function finalBars(name: string, title: string, runs: readonly PlottedRun[]): Figure {
  const data: FigureRow[] = runs.flatMap((run) =>
    (['objective', 'return', 'memoryCost'] as const).map((metric) => ({ series: run.series, seed: run.seed, metric: METRIC_TITLES[metric]!, value: finite(run.final[metric]) })),
  );
  const x = { field: 'series', type: 'nominal' as const, title: null, sort: null, axis: { labelAngle: -30 } };
  return {
    name,
    caption: `${title}: final objective, return and memory cost (mean of the last evaluations), mean over seeds +- 1 s.e.`,
    data,
    spec: {
      title,
      facet: { column: { field: 'metric', type: 'nominal', title: null, sort: [METRIC_TITLES.objective, METRIC_TITLES.return, METRIC_TITLES.memoryCost] } },
      resolve: { scale: { y: 'independent' } },
      spec: {
        // 36 px a bar, and room for the panel's heading ("memory cost (lambda KL)") when there are few.
        width: Math.max(MIN_PANEL_WIDTH, 36 * new Set(runs.map((r) => r.series)).size),
        height: 200,
        layer: [
          // ',~f': a panel whose values are all 0 gets "0", not the "0.000000" of an empty range.
          { mark: 'bar', encoding: { x, y: { field: 'value', type: 'quantitative', aggregate: 'mean', title: null, axis: { format: ',~f' } }, color: { field: 'series', type: 'nominal', title: null, sort: null, legend: null } } },
          { mark: { type: 'errorbar', extent: 'stderr' }, encoding: { x, y: { field: 'value', type: 'quantitative', title: null } } },
        ],
      },
    } as Figure['spec'],
  };
}

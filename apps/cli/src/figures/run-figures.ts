import type { Figure, FigureRow } from './figure.js';

/** What the run figures need of one run: its series label, seed, curve and final values. */
export interface PlottedRun {
  series: string;
  seed: number;
  curve: readonly { episode: number; objective: number; return: number; memoryCost: number }[];
  final: { objective: number; return: number; memoryCost: number };
}

const METRIC_TITLES: Record<string, string> = { objective: 'objective', memoryCost: 'memory cost (lambda KL)', return: 'return' };
const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** Axis limits of the convergence panels, e.g. to leave out the first evaluations' very low objective. */
export interface CurveDomains {
  objective?: readonly [number, number];
  memoryCost?: readonly [number, number];
}

/**
 * Convergence curves (docs/tasks.md 1, paper Fig. 1): objective and memory cost against the
 * episode, one line per series (mean over its seeds) with a band of +- 1 standard error.
 * A panel given a domain clips what falls outside it.
 */
export function convergenceCurves(name: string, title: string, runs: readonly PlottedRun[], domains: CurveDomains = {}): Figure {
  const longest = Math.max(0, ...runs.map((r) => r.curve.length));
  const stride = Math.max(1, Math.ceil(longest / DRAWN_POINTS));
  const data: FigureRow[] = runs.flatMap((run) =>
    thinned(run.curve, stride).flatMap((p) =>
      (['objective', 'memoryCost'] as const).map((metric) => ({ series: run.series, seed: run.seed, episode: p.episode, metric, value: finite(p[metric]) })),
    ),
  );
  const x = { field: 'episode', type: 'quantitative' as const, title: 'episode' };
  const colour = { field: 'series', type: 'nominal' as const, title: null, sort: null };
  const panel = (metric: 'objective' | 'memoryCost') => {
    const domain = domains[metric];
    const y = { field: 'value', type: 'quantitative' as const, title: METRIC_TITLES[metric], scale: domain ? { domain: [...domain] } : { zero: false } };
    return {
      width: 320,
      height: 220,
      transform: [{ filter: `datum.metric === '${metric}'` }],
      layer: [
        { mark: { type: 'errorband', extent: 'stderr', opacity: 0.25, clip: true }, encoding: { x, y, color: colour } },
        { mark: { type: 'line', strokeWidth: 1.5, clip: true }, encoding: { x, y: { ...y, aggregate: 'mean' }, color: colour } },
      ],
    };
  };
  return {
    name,
    caption: `${title}: objective and memory cost over training, mean over seeds with a band of +- 1 s.e.${stride > 1 ? ` (every ${stride}th evaluation drawn, and the last; the run's curve.csv holds all ${longest})` : ''}`,
    data,
    spec: { title, hconcat: [panel('objective'), panel('memoryCost')] } as Figure['spec'],
  };
}

/** Most evaluations per run a convergence figure draws: longer curves are thinned (bounded time and memory for any length). */
export const DRAWN_POINTS = 1000;

/** Every `stride`-th point of a curve and its last one (the same episodes for runs of the same schedule). */
function thinned<T>(curve: readonly T[], stride: number): readonly T[] {
  if (stride === 1) return curve;
  return curve.filter((_, i) => i % stride === 0 || i === curve.length - 1);
}

/** Bar chart of the final objective, return and memory cost per series: mean over seeds, +- 1 s.e. */
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
        width: { step: 36 },
        height: 200,
        layer: [
          { mark: 'bar', encoding: { x, y: { field: 'value', type: 'quantitative', aggregate: 'mean', title: null }, color: { field: 'series', type: 'nominal', title: null, sort: null } } },
          { mark: { type: 'errorbar', extent: 'stderr' }, encoding: { x, y: { field: 'value', type: 'quantitative', title: null } } },
        ],
      },
    } as Figure['spec'],
  };
}

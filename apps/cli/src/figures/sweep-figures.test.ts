import { describe, expect, it } from 'vitest';
import { allUnder, compiled, touchingLabels } from './figures.test-support.js';
import type { FigureRow } from './figure.js';
import { LINE_LEGEND } from './figure-style.js';
import { renderSvg } from './render-figure.js';
import { MAX_SERIES, sweepByKey, sweepFigures, sweepHeatMap } from './sweep-figures.js';
import { valueLabels, type PlottedCell, type PlottedSweep } from './sweep-plot-data.js';

/** Cells of a grid (keys in order, the last varying fastest, replicates innermost), as `dra sweep` enumerates them. */
function gridCells(grid: Record<string, unknown[]>, replicates: number, final: (parameters: Record<string, unknown>, replicate: number) => number): PlottedCell[] {
  const cells: PlottedCell[] = [];
  const visit = (k: number, parameters: Record<string, unknown>) => {
    const keys = Object.keys(grid);
    if (k === keys.length) {
      for (let replicate = 0; replicate < replicates; replicate++) {
        const objective = final(parameters, replicate);
        cells.push({ index: cells.length, parameters: { ...parameters }, replicate, final: { objective, return: objective + 10, memoryCost: 10, actionEntropy: 2 * objective } });
      }
      return;
    }
    for (const value of grid[keys[k]!]!) visit(k + 1, { ...parameters, [keys[k]!]: value });
  };
  visit(0, {});
  return cells;
}

function sweepOf(grid: Record<string, unknown[]>, replicates: number, final: (parameters: Record<string, unknown>, replicate: number) => number): PlottedSweep {
  const cells = gridCells(grid, replicates, final);
  return { task: 'maze', replicates, gridKeys: Object.keys(grid), cellCount: cells.length, shards: [], cells };
}

/** lambda x objective, 3 replicates: objective = -10 lambda - (eq8 ? 5 : 0) + [1, 2, 6][replicate]. */
const REPLICATE_NOISE = [1, 2, 6];
const small = sweepOf({ lambda: [0.01, 0.1, 1], objective: ['dra', 'eq8'] }, 3, (p, r) => -10 * (p.lambda as number) - (p.objective === 'eq8' ? 5 : 0) + REPLICATE_NOISE[r]!);

const rowsOf = (data: FigureRow[], where: Partial<FigureRow>) => data.filter((row) => Object.entries(where).every(([k, v]) => row[k] === v));
type Spec = { spec: { layer: { mark: { type: string }; encoding: { x: { type: string; scale?: { type: string }; axis?: { values?: number[] } } } }[] }; title: { text: string; subtitle: string } };

describe('final values by grid key', () => {
  it('gives the mean and standard error over replicates of each metric, one line per value of the other key', () => {
    const figure = sweepByKey('s-by-lambda', small, 'lambda');
    expect(figure.data).toHaveLength(3 * 2 * 4);
    // Replicates 1, 2, 6 about -10 lambda: mean 3 - 10 lambda; sd^2 = (4 + 1 + 9) / 2 = 7; s.e. = sqrt(7 / 3).
    const se = Math.sqrt(7 / 3);
    for (const lambda of [0.01, 0.1, 1]) {
      const [dra] = rowsOf(figure.data, { gridValue: lambda, series: 'DRA', metric: 'objective' });
      expect(dra!.mean).toBeCloseTo(3 - 10 * lambda, 12);
      expect(dra!.standardError).toBeCloseTo(se, 12);
      expect(dra!.low).toBeCloseTo(3 - 10 * lambda - se, 12);
      expect(dra!.high).toBeCloseTo(3 - 10 * lambda + se, 12);
      expect(dra!.replicates).toBe(3);
      const [eq8] = rowsOf(figure.data, { gridValue: lambda, series: 'Eq. 8', metric: 'objective' });
      expect(eq8!.mean).toBeCloseTo(-2 - 10 * lambda, 12);
      // The other metrics: return = objective + 10 (same s.e.), memory cost 10 (s.e. 0), action entropy 2 x objective.
      expect(rowsOf(figure.data, { gridValue: lambda, series: 'Eq. 8', metric: 'return' })[0]!.mean).toBeCloseTo(8 - 10 * lambda, 12);
      expect(rowsOf(figure.data, { gridValue: lambda, series: 'Eq. 8', metric: 'memoryCost' })[0]).toMatchObject({ mean: 10, standardError: 0 });
      expect(rowsOf(figure.data, { gridValue: lambda, series: 'DRA', metric: 'actionEntropy' })[0]!.standardError).toBeCloseTo(2 * se, 12);
    }
    expect(figure.caption).toBe(
      'maze sweep: final objective, return, memory cost and action entropy against lambda (log scale), one line per value of objective; mean over the 3 replicates with a band of +- 1 s.e. (none where a point has one replicate); 18 of 18 cells',
    );
    expect((figure.spec as unknown as Spec).title).toEqual({ text: 'maze sweep · final values by lambda', subtitle: '18 of 18 cells · mean over 3 replicates +- 1 s.e. (band) · one line per value of objective' });
  });

  it('draws the objectives as points against an ordinal axis, with error bars, one line per lambda', () => {
    const figure = sweepByKey('s-by-objective', small, 'objective');
    expect([...new Set(figure.data.map((row) => row.gridValue))]).toEqual(['DRA', 'Eq. 8']);
    expect([...new Set(figure.data.map((row) => row.series))]).toEqual(['lambda=0.01', 'lambda=0.1', 'lambda=1']);
    const layers = (figure.spec as unknown as Spec).spec.layer;
    expect(layers.map((l) => l.mark.type)).toEqual(['errorbar', 'line']);
    expect(layers[1]!.encoding.x).toMatchObject({ type: 'ordinal', title: 'objective function' });
    for (const legend of allUnder(compiled(figure), 'legends')) expect(legend).toMatchObject({ symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: LINE_LEGEND.symbolStrokeWidth });
  });

  it('chooses a log axis when positive numbers span more than a factor 20, linear for a narrower span, zero or negatives, ordinal for anything else', () => {
    const xOf = (values: unknown[]) => {
      const sweep = sweepOf({ k: values }, 1, () => 1);
      return (sweepByKey('f', sweep, 'k').spec as unknown as Spec).spec.layer.at(-1)!.encoding.x;
    };
    expect(xOf([0.01, 0.1, 1]).scale!.type).toBe('log');
    expect(xOf([1, 25]).scale!.type).toBe('log');
    expect(xOf([1, 20]).scale!.type).toBe('linear');
    expect(xOf([1, 3, 5]).scale!.type).toBe('linear');
    expect(xOf([0, 100]).scale!.type).toBe('linear');
    expect(xOf([-1, 100]).scale!.type).toBe('linear');
    expect(xOf([3]).scale!.type).toBe('linear');
    expect(xOf([null, 300]).type).toBe('ordinal');
    expect(xOf([1, '2']).type).toBe('ordinal');
    expect(xOf([true, false]).type).toBe('ordinal');
    // The grid's values are the axis labels, ascending whatever the config's order.
    expect(xOf([1, 0.04, 0.2]).axis!.values).toEqual([0.04, 0.2, 1]);
    expect(sweepByKey('f', sweepOf({ k: [1, 0.04, 0.2] }, 1, () => 1), 'k').caption).toContain('against k (log scale)');
    expect(sweepByKey('f', sweepOf({ k: [1, 0.05, 0.2] }, 1, () => 1), 'k').caption).not.toContain('log');
  });

  it('averages over the other keys when they make more than 8 combinations: each replicate first, then mean +- s.e. over replicates', () => {
    // 3 x 3 combinations of a and b for each lambda; objective = 100 lambda + a + 10 b + replicate.
    const sweep = sweepOf({ lambda: [1, 2], a: [1, 2, 3], b: [0, 1, 2] }, 2, (p, r) => 100 * (p.lambda as number) + (p.a as number) + 10 * (p.b as number) + 4 * r);
    const figure = sweepByKey('f', sweep, 'lambda');
    expect(3 * 3).toBeGreaterThan(MAX_SERIES);
    const rows = rowsOf(figure.data, { metric: 'objective' });
    expect(rows.map((row) => row.series)).toEqual(['average', 'average']);
    // Replicate 0 averages 100 lambda + 2 + 10; replicate 1 is 4 more: mean 100 lambda + 14, s.e. |4| / 2 = 2.
    expect(rows.map((row) => row.mean)).toEqual([114, 214]);
    expect(rows.map((row) => row.standardError)).toEqual([2, 2]);
    expect(figure.caption).toContain('averaged over the 9 combinations of a, b');
    expect((figure.spec as unknown as Spec).spec.layer.every((l) => !('color' in l.encoding))).toBe(true);
    // By a, the other keys make 2 x 3 = 6 combinations: a line each.
    expect(new Set(sweepByKey('f', sweep, 'a').data.map((row) => row.series)).size).toBe(6);
  });

  it('plots an incomplete sweep from its finished cells, says how many, and gives a lone replicate no band', () => {
    const missing = new Set([0, 1]); // lambda 0.01, DRA: only replicate 2 finished
    const partial: PlottedSweep = { ...small, cells: small.cells.filter((c) => !missing.has(c.index)), shards: ['1/2'] };
    const figure = sweepByKey('f', partial, 'lambda');
    expect(figure.caption).toMatch(/; 16 of 18 cells \(shard 1\/2\)$/);
    expect(rowsOf(figure.data, { gridValue: 0.01, series: 'DRA', metric: 'objective' })).toEqual([
      { key: 'lambda', gridValue: 0.01, series: 'DRA', metric: 'objective', mean: 6 - 0.1, standardError: null, low: null, high: null, replicates: 1 },
    ]);
    const gone: PlottedSweep = { ...small, cells: small.cells.filter((c) => c.parameters.lambda !== 1) };
    expect(sweepByKey('f', gone, 'lambda').data.some((row) => row.gridValue === 1)).toBe(false);
    expect(sweepHeatMap('h', gone, 'lambda', 'objective').data).toHaveLength(4);
  });

  it('draws no band for a sweep of one replicate, and says so', () => {
    const figure = sweepByKey('f', sweepOf({ sigma0: [1, 3] }, 1, (p) => p.sigma0 as number), 'sigma0');
    expect((figure.spec as unknown as Spec).spec.layer.map((l) => l.mark.type)).toEqual(['line']);
    expect(figure.caption).toContain('one replicate per point, so no band of +- 1 s.e.');
    expect((figure.spec as unknown as Spec).title.subtitle).toContain('one replicate: no band');
    expect(figure.data.every((row) => row.standardError === null)).toBe(true);
  });
});

describe('heat maps', () => {
  const three = sweepOf({ lambda: [0.1, 0.2], sigma0: [1, 3, 5], 'envOptions.switchAt': [null, 300] }, 2, (p, r) => (p.lambda as number) * 10 + (p.sigma0 as number) + (p['envOptions.switchAt'] === null ? 0 : 100) + r);

  it('draws one heat map per pair of grid keys after one figure per key', () => {
    expect(sweepFigures('sw', three).map((f) => f.name)).toEqual(['sw-by-lambda', 'sw-by-sigma0', 'sw-by-switchAt', 'sw-heatmap-lambda-sigma0', 'sw-heatmap-lambda-switchAt', 'sw-heatmap-sigma0-switchAt']);
    expect(sweepFigures('sw', sweepOf({ lambda: [0.1, 0.2] }, 2, () => 1)).map((f) => f.name)).toEqual(['sw-by-lambda']);
    expect(sweepFigures('sw', sweepOf({}, 3, () => 1)).map((f) => f.name)).toEqual(['sw-by-task']);
  });

  it('averages the final objective over replicates and the remaining key, each cell labelled', () => {
    const figure = sweepHeatMap('h', three, 'lambda', 'envOptions.switchAt');
    expect(figure.data).toHaveLength(4);
    // lambda 0.2, switchAt 300: mean over sigma0 1, 3, 5 and replicates 0, 1 of 2 + sigma0 + 100 + r = 2 + 3 + 100 + 0.5.
    expect(rowsOf(figure.data, { xValue: '0.2', yValue: '300' })).toEqual([{ xKey: 'lambda', xValue: '0.2', yKey: 'envOptions.switchAt', yValue: '300', objective: 105.5, label: '105.5', cells: 6 }]);
    expect(rowsOf(figure.data, { xValue: '0.1', yValue: 'null' })[0]).toMatchObject({ objective: 1 + 3 + 0.5, cells: 6 });
    expect(figure.caption).toBe('maze sweep: mean final objective for each pair of values of lambda and switchAt, mean over 2 replicates and over sigma0, each cell labelled with its value; 24 of 24 cells');
    const layers = (figure.spec as { layer: { mark: unknown }[] }).layer;
    expect(layers.map((l) => l.mark)).toEqual(['rect', { type: 'text', fontSize: 10 }]);
  });

  it('puts larger numbers higher up, as a quantitative axis would', () => {
    const figure = sweepHeatMap('h', three, 'lambda', 'sigma0');
    expect((figure.spec as { encoding: { y: { sort: string[] } } }).encoding.y.sort).toEqual(['5', '3', '1']);
  });
});

describe('titles and labels', () => {
  it('titles a sweep over tasks by its tasks, and names tasks and objectives alone in a line label, other keys as name=value', () => {
    const sweep = { ...sweepOf({ task: ['maze', 'cliff'], 'envOptions.switchAt': [null, 300], objective: ['dra'] }, 1, () => 1), task: null };
    const figure = sweepByKey('f', sweep, 'objective');
    expect((figure.spec as unknown as Spec).title.text).toBe('maze, cliff sweep · final values by objective');
    expect([...new Set(figure.data.map((row) => row.series))]).toEqual(['maze, switchAt=null', 'maze, switchAt=300', 'cliff, switchAt=null', 'cliff, switchAt=300']);
    expect(sweepHeatMap('h', sweep, 'task', 'envOptions.switchAt', 'My sweep').caption).toMatch(/^My sweep: mean final objective for each pair of values of task and switchAt, mean over one replicate and over objective/);
    expect(sweepFigures('s', { ...sweep, gridKeys: [] }).map((f) => (f.spec as unknown as Spec).title.text)).toEqual(['sweep · final values by task']);
  });
});

describe('grid value labels', () => {
  it('names objectives as the paper does, files by their base name (and as many folders as tell them apart), null and booleans as words', () => {
    expect(valueLabels('objective', ['dra', 'eq8', 'eq10'])).toEqual(['DRA', 'Eq. 8', 'Eq. 10']);
    expect(valueLabels('envOptions.model', ['/data/a/frozen.json', '/data/b/frozen.json', '/data/cliff.json'])).toEqual(['a/frozen.json', 'b/frozen.json', 'cliff.json']);
    expect(valueLabels('envOptions.switchAt', [null, 300])).toEqual(['null', '300']);
    expect(valueLabels('envOptions.slippery', [true, false])).toEqual(['true', 'false']);
    expect(valueLabels('k', [1, '1'])).toEqual(['1', '"1"']);
  });

  it('shows file paths by base name in the figures', () => {
    const sweep = sweepOf({ 'envOptions.model': ['/home/me/models/frozen-lake.json', '/home/me/models/cliff.json'] }, 1, () => 1);
    const figure = sweepByKey('f', sweep, 'envOptions.model');
    expect([...new Set(figure.data.map((row) => row.gridValue))]).toEqual(['frozen-lake.json', 'cliff.json']);
    expect((figure.spec as unknown as Spec).spec.layer[0]!.encoding.x).toMatchObject({ type: 'ordinal', title: 'model (environment option)' });
  });
});

describe('readable sweep figures', () => {
  it('renders every figure with its axis titles and without labels running into each other', async () => {
    for (const figure of [...sweepFigures('s', small), ...sweepFigures('t', sweepOf({ lambda: [0.05, 0.1, 0.2, 0.4, 0.8, 1.6], sigma0: [0.5, 1, 2, 4, 8, 16, 32] }, 2, (p, r) => -(p.sigma0 as number) - r))]) {
      const svg = await renderSvg(figure);
      expect(touchingLabels(svg), figure.name).toEqual([]);
      expect(svg, figure.name).toContain(figure.name.includes('heatmap') ? 'mean final objective' : 'memory cost (lambda KL)');
    }
  });
});

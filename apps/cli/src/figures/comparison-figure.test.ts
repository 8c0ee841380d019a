import type { ObjectiveComparison, ObjectiveOutcome } from '@dra/experiments';
import { describe, expect, it } from 'vitest';
import { comparisonFigure, COST_PANEL_TITLE, VISITS_FLOOR } from './comparison-figure.js';
import { allUnder, compiled, touchingLabels } from './figures.test-support.js';
import { renderSvg } from './render-figure.js';

const value = (objective: number) => ({ objective, return: objective + 2, memoryCost: 2, actionEntropy: 0 });
const group = (states: number, cost: number) => ({ states, sigma: 3, globalCost: cost, perVisitCost: cost / 2 });

function outcome(objective: 'dra' | 'eq8', exact: boolean): ObjectiveOutcome {
  return {
    objective,
    estimator: 'critic',
    sigmaStep: 'adam',
    final: value(-10),
    finalStandardError: value(0.5),
    exactFinal: exact ? value(-9.5) : null,
    exactFinalStandardError: exact ? value(0.25) : null,
    globalCost: 2,
    perVisitCost: 1,
    states: [
      { state: 0, visits: 1, sigma: 2, kl: 0.1, choiceEntropy: 0.5, dPrime: 1 },
      { state: 1, visits: 0, sigma: 4, kl: 0.2, choiceEntropy: null, dPrime: null },
      { state: 2, visits: 0.5, sigma: Number.NaN, kl: 0, choiceEntropy: null, dPrime: null },
    ],
    groups: { never: group(1, 0.2), rare: group(1, 0.1), often: group(1, 0.4) },
  };
}

const comparison: ObjectiveComparison = { env: 'huys', seeds: [1, 2], rareVisitThreshold: 1e-3, outcomes: [outcome('dra', true), outcome('eq8', false)], runs: [] };

describe('comparisonFigure', () => {
  it('draws one point per run and live state, the components with their error bars, and both costs per visit group', async () => {
    const figure = comparisonFigure('figure', comparison);
    const panel = (id: string) => figure.data.filter((row) => row.panel === id);
    expect(panel('sigma')).toHaveLength(2 * 2); // state 2 has no memories (sigma NaN): not drawn
    expect(panel('sigma').map((row) => row.visits)).toEqual([1, VISITS_FLOOR, 1, VISITS_FLOOR]);
    expect(panel('components')).toHaveLength(2 * 4);
    expect(panel('components').find((row) => row.run === 'DRA (critic)' && row.component === 'exact')).toMatchObject({ value: -9.5, low: -9.75, high: -9.25 });
    expect(panel('components').find((row) => row.run === 'Eq. 8 (critic)' && row.component === 'exact')).toMatchObject({ value: null });
    expect(panel('cost')).toHaveLength(2 * 3 * 2);
    const svg = await renderSvg(figure);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(svg).toContain('(b) mean sigma per state');
  });

  it('says what it draws: filled bars and black ticks in panel (c), nothing hatched or hollow', () => {
    const figure = comparisonFigure('figure', comparison);
    const words = JSON.stringify([figure.caption, figure.spec.title, COST_PANEL_TITLE]);
    expect(words).not.toMatch(/hatch|hollow|pattern/i);
    expect(COST_PANEL_TITLE.subtitle).toMatch(/filled bars: global; black ticks: per visit/);
    const cost = (figure.spec as { hconcat: { title: unknown; layer: { mark: { type: string; fillOpacity?: number; filled?: boolean } }[] }[] }).hconcat[2]!;
    expect(cost.title).toBe(COST_PANEL_TITLE);
    expect(cost.layer.map((l) => l.mark.type)).toEqual(['bar', 'tick']);
    expect(cost.layer[0]!.mark.fillOpacity ?? 1).toBe(1);
    expect(cost.layer[0]!.mark.filled ?? true).toBe(true);
  });

  it('names the objectives as the paper does, labels components in words, and no axis labels run into each other', async () => {
    // states from rarely to often visited, as on the maze: log-axis labels at 0.01 and 0.02 would run together
    const state = (i: number, visits: number) => ({ state: 10 + i, visits, sigma: 3, kl: 0.1, choiceEntropy: 0.5, dPrime: 1 });
    const wide = { ...comparison, outcomes: comparison.outcomes.map((o) => ({ ...o, states: [...o.states, ...[0.0006, 0.004, 0.012, 0.03, 0.25, 1.3, 8].map((v, i) => state(i, v))] })) };
    const figure = comparisonFigure('figure', wide);
    const svg = await renderSvg(figure);
    for (const text of ['DRA (critic)', 'Eq. 8 (critic)', 'memory cost', 'exact objective']) expect(svg).toContain(`>${text}</text>`);
    expect(svg).not.toMatch(/>(dra|eq8)\/critic<|>memoryCost</);
    expect(touchingLabels(svg)).toEqual([]);
    const legends = allUnder(compiled(figure), 'legends');
    for (const legend of legends) expect(legend).toMatchObject({ symbolOpacity: 1 });
  });
});

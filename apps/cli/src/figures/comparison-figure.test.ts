import type { ObjectiveComparison, ObjectiveOutcome } from '@dra/experiments';
import { describe, expect, it } from 'vitest';
import { comparisonFigure, VISITS_FLOOR } from './comparison-figure.js';
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
    expect(panel('components').find((row) => row.run === 'dra/critic' && row.component === 'exact')).toMatchObject({ value: -9.5, low: -9.75, high: -9.25 });
    expect(panel('components').find((row) => row.run === 'eq8/critic' && row.component === 'exact')).toMatchObject({ value: null });
    expect(panel('cost')).toHaveLength(2 * 3 * 2);
    const svg = await renderSvg(figure);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(svg).toContain('(b) mean sigma per state');
  });
});

import { gaussianKlDerivative } from '@dra/core';
import { describe, expect, it } from 'vitest';
import { evaluateExactly } from '@dra/objectives';
import { createBuiltInRegistry } from '@dra/environments';
import { MemoryTable } from '@dra/core';
import { compareObjectives, comparedPairs } from './compare-objectives.js';
import { defaultSettings } from '@dra/agent';

describe('compareObjectives', () => {
  const settings = { ...defaultSettings('maze'), episodes: 60, evalEvery: 30, evalRollouts: 20, tRef: 'realised' as const };
  const comparison = compareObjectives({ settings, seeds: [1, 2], sigmaStep: 'constant' });
  const outcome = (id: string) => comparison.outcomes.find((o) => o.objective === id)!;
  const OBSTACLE = 1 * 9 + 2; // maze cell (1, 2), never entered

  it('trains every objective on every seed and reports per-state allocation and visit groups', () => {
    expect(comparison.runs.map((r) => [r.settings.objective, r.settings.seed])).toEqual([['dra', 1], ['dra', 2], ['eq8', 1], ['eq8', 2], ['eq10', 1], ['eq10', 2]]);
    for (const o of comparison.outcomes) {
      expect(o.states).toHaveLength(54);
      expect(o.groups.never.states + o.groups.rare.states + o.groups.often.states).toBe(54);
      expect(o.final.objective).toBeCloseTo((comparison.runs.filter((r) => r.settings.objective === o.objective).reduce((s, r) => s + r.final.objective, 0)) / 2, 12);
    }
    expect(comparison.outcomes.map((o) => [o.objective, o.estimator, o.sigmaStep])).toEqual([['dra', 'A', 'constant'], ['eq8', 'critic', 'constant'], ['eq10', 'critic', 'constant']]);
    expect(outcome('dra').states[OBSTACLE]!.visits).toBe(0);
    expect(outcome('dra').groups.never.states).toBeGreaterThanOrEqual(8); // 7 obstacles and the goal
  });

  it('Eq. 8 leaves never-visited memories at sigma0; DRA pulls them towards sigma_base by sigma <- sigma - alpha lambda KL\'(sigma) each episode (closed form)', () => {
    expect(outcome('eq8').states[OBSTACLE]!.sigma).toBe(settings.sigma0);
    let sigma = settings.sigma0;
    for (let e = 0; e < settings.episodes; e++) sigma = Math.min(settings.sigmaMax, Math.max(settings.sigmaMin, sigma - settings.alphaSigma * settings.lambda * gaussianKlDerivative(sigma, settings.sigmaBase)));
    expect(outcome('dra').states[OBSTACLE]!.sigma).toBeCloseTo(sigma, 12);
    expect(outcome('eq10').states[OBSTACLE]!.sigma).toBeCloseTo(sigma, 12);
    expect(outcome('eq8').groups.never.perVisitCost).toBe(0);
  });

  it('reports the exact value of every final memory, the mean over seeds of the exact evaluator at each run (oracle: evaluateExactly)', () => {
    const huys = { ...defaultSettings('huys'), envOptions: { depth: 2 }, episodes: 100, evalEvery: 50 };
    const small = compareObjectives({ settings: huys, seeds: [1, 2], estimators: ['critic'] });
    const model = createBuiltInRegistry().create('huys', { depth: 2 }).model!;
    for (const o of small.outcomes) {
      const runs = small.runs.filter((r) => r.settings.objective === o.objective);
      const exact = runs.map((r) => evaluateExactly(model, MemoryTable.fromRows(r.memory), { objective: o.objective, beta: 10, lambda: 1, sigmaBase: 100 }).objective);
      expect(o.exactFinal!.objective).toBeCloseTo((exact[0]! + exact[1]!) / 2, 10);
      expect(o.exactFinalStandardError!.objective).toBeCloseTo(Math.abs(exact[0]! - exact[1]!) / 2, 10);
    }
  });
});

describe('comparedPairs', () => {
  it("pairs every objective with every estimator, the paper's A, Q, R with DRA only; without a list each objective takes its default", () => {
    expect(comparedPairs(['dra', 'eq8'], ['A', 'critic'], 'A')).toEqual([
      { objective: 'dra', estimator: 'A' },
      { objective: 'dra', estimator: 'critic' },
      { objective: 'eq8', estimator: 'critic' },
    ]);
    expect(comparedPairs(['dra', 'eq8', 'eq10'], undefined, 'A').map((p) => p.estimator)).toEqual(['A', 'critic', 'critic']);
    expect(comparedPairs(['eq8'], ['R'], 'A')).toEqual([]);
    expect(() => compareObjectives({ settings: defaultSettings('maze'), objectives: ['eq8'], estimators: ['R'], seeds: [1] })).toThrow(/none of R applies to eq8/);
  });
});

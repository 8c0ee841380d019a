import { describe, expect, it } from 'vitest';
import { chainA as chain, chainAMemory as memory, estimateOnChainA as estimate, maxAbsZ, valueFromRollouts } from './tabular-estimates.test-support.js';
import { createObjective, defaultEstimatorFor, defaultSigmaStepFor } from './create-objective.js';
import { evaluateExactly } from './exact/exact-evaluator.js';
import { ESTIMATOR_IDS, PAPER_ESTIMATOR_IDS, UNBIASED_ESTIMATOR_IDS, type EstimatorId } from './gradient-estimator.js';
import { OBJECTIVE_IDS, type ObjectiveId } from './objective.js';

// docs/math.md 7, chain (a): exact gradients, memories (0,0), (0,1), (1,0), (1,1).
const EXACT: Record<ObjectiveId, number[]> = {
  eq8: [0.288081, 0.00179224, 0.450134, 0.0213831],
  eq10: [0.312402, 0.0150264, 0.427226, 0.0223401],
  dra: [0.320741, 0.0305131, 0.437556, 0.0409336],
};
// T = 2, so T_ref = 2 for Eq. 10.
const make = (objective: ObjectiveId, estimator: EstimatorId) => createObjective({ objective, estimator, lambda: 0.3, sigmaBase: 1.5, tRef: 2 });

describe('unbiased estimators of Eq. 8, Eq. 10 and DRA on docs/math.md chain (a)', () => {
  it.each((['eq8', 'eq10', 'dra'] as const).flatMap((objective) => UNBIASED_ESTIMATOR_IDS.map((estimator) => [objective, estimator] as const)))(
    '%s with %s averages to the exact gradient, |z| < 5 over 2e5 episodes (oracle: docs/math.md 7)',
    (objective, estimator) => {
      expect(maxAbsZ(estimate(make(objective, estimator), 200_000, 11), EXACT[objective])).toBeLessThan(5);
    },
  );

  it('the same test catches a wrong objective: the Eq. 10 estimator against the Eq. 8 gradient gives |z| > 10', () => {
    expect(maxAbsZ(estimate(make('eq10', 'causal'), 200_000, 12), EXACT.eq8)).toBeGreaterThan(10);
  });

  it('baselines cut the noise: the state baseline and the all-actions control variate have smaller standard errors than plain causal', () => {
    const se = (estimator: EstimatorId) => estimate(make('eq8', estimator), 100_000, 13).se.reduce((s, v) => s + v, 0);
    expect(se('state-baseline')).toBeLessThan(se('causal'));
    expect(se('all-actions')).toBeLessThan(se('causal'));
    expect(se('critic')).toBeLessThan(se('all-actions'));
  });
});

describe('objective values from rollouts against the exact evaluator (oracle: docs/math.md 7 F8 = 1.79791, F10 = 1.69764)', () => {
  it.each([['eq8', 1.79791], ['eq10', 1.69764], ['dra', 1.58965]] as const)('%s', (id, exactValue) => {
    const { mean, se } = valueFromRollouts(chain, make(id, 'causal'), 21);
    expect(Math.abs(mean - exactValue) / se).toBeLessThan(5);
    const exact = evaluateExactly(chain.model, memory(), { objective: id, beta: 2, lambda: 0.3, sigmaBase: 1.5 });
    expect(exact.objective).toBeCloseTo(exactValue, 5);
  });
});

describe('createObjective', () => {
  it('keeps the paper estimators to DRA and asks Eq. 10 for T_ref, naming the setting', () => {
    expect(() => createObjective({ objective: 'eq8', estimator: 'A', lambda: 0.1, sigmaBase: 5 })).toThrow(/estimator A is the paper's DRA estimator; eq8 takes causal/);
    expect(() => createObjective({ objective: 'eq10', estimator: 'causal', lambda: 0.1, sigmaBase: 5 })).toThrow(/tRef: Eq. 10 needs T_ref/);
    expect(() => createObjective({ objective: 'eq10', estimator: 'causal', lambda: 0.1, sigmaBase: 5, tRef: 0 })).toThrow(/tRef must be a finite number > 0 or 'realised', got 0/);
    expect(() => createObjective({ objective: 'eq9' as never, estimator: 'causal', lambda: 0.1, sigmaBase: 5 })).toThrow(/objective must be one of dra, eq8, eq10, got eq9/);
    expect(() => createObjective({ objective: 'eq8', estimator: 'causal', lambda: -1, sigmaBase: 5 })).toThrow(/lambda must be a finite number >= 0, got -1/);
    expect(createObjective({ objective: 'dra', estimator: 'Q', lambda: 0.1, sigmaBase: 5 }).estimator.unbiased).toBe(false);
  });
});

describe('defaultEstimatorFor', () => {
  it('gives Eq. 8 and Eq. 10 the critic estimator in place of a paper one, and leaves every other pair', () => {
    expect(defaultEstimatorFor('eq8', 'A')).toBe('critic');
    expect(defaultEstimatorFor('eq10', 'Q')).toBe('critic');
    expect(defaultEstimatorFor('eq10', 'R')).toBe('critic');
    expect(defaultEstimatorFor('eq8', 'state-baseline')).toBe('state-baseline');
    expect(defaultEstimatorFor('dra', 'A')).toBe('A');
    expect(defaultEstimatorFor('dra', 'all-actions')).toBe('all-actions');
  });

  it('defaultSigmaStepFor: the paper estimators keep the constant step, the unbiased ones take adam', () => {
    expect(PAPER_ESTIMATOR_IDS.map(defaultSigmaStepFor)).toEqual(['constant', 'constant', 'constant']);
    expect(UNBIASED_ESTIMATOR_IDS.map(defaultSigmaStepFor).every((rule) => rule === 'adam')).toBe(true);
  });

  it('returns an estimator createObjective accepts, for every objective and estimator', () => {
    for (const objective of OBJECTIVE_IDS) {
      for (const estimator of ESTIMATOR_IDS) {
        const settings = { objective, estimator: defaultEstimatorFor(objective, estimator), lambda: 0.1, sigmaBase: 5, tRef: 3 };
        expect(() => createObjective(settings), `${objective} with ${estimator}`).not.toThrow();
      }
    }
  });
});

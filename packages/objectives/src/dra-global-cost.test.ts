import { gaussianKl, gaussianKlDerivative, MemoryTable } from '@dra/core';
import { describe, expect, it } from 'vitest';
import { chainAMemory as chainMemory, estimateOnChainA, maxAbsZ } from './tabular-estimates.test-support.js';
import { DraObjective } from './dra-global-cost.js';
import type { EstimatorId } from './gradient-estimator.js';

// docs/math.md 7, chain (a): dF_DRA/dsigma and E['Q' est.] = E['A' est.], memories (0,0), (0,1), (1,0), (1,1).
const EXACT_DRA_GRADIENT = [0.320741, 0.0305131, 0.437556, 0.0409336];
const EXPECTED_Q_AND_A = [0.304943, 0.00117431, 0.485361, 0.126984];

/** Monte Carlo mean and standard error of the DRA gradient estimate with `estimator` (lambda 0.3, sigma_base 1.5). */
const estimate = (estimator: EstimatorId, episodes: number, seed: number) =>
  estimateOnChainA(new DraObjective({ lambda: 0.3, sigmaBase: 1.5, estimator }), episodes, seed);

describe('DRA gradient estimators on docs/math.md chain (a), 1e6 episodes', () => {
  it("'causal' is unbiased: |z| < 4 against the exact dF_DRA/dsigma (oracle: docs/math.md 7 table (a))", () => {
    expect(maxAbsZ(estimate('causal', 1_000_000, 11), EXACT_DRA_GRADIENT)).toBeLessThan(4);
  });

  it("'R' (REINFORCE) is unbiased: |z| < 4 against the exact dF_DRA/dsigma (oracle: docs/math.md 7 table (a))", () => {
    expect(maxAbsZ(estimate('R', 1_000_000, 12), EXACT_DRA_GRADIENT)).toBeLessThan(4);
  });

  it("'Q' and 'A' match their own expectation of docs/math.md 4.5 (oracle: docs/math.md 7 table (a))", () => {
    expect(maxAbsZ(estimate('Q', 1_000_000, 13), EXPECTED_Q_AND_A)).toBeLessThan(4);
    expect(maxAbsZ(estimate('A', 1_000_000, 14), EXPECTED_Q_AND_A)).toBeLessThan(4);
  });

  it("the same test catches a biased estimator: 'A' against the true gradient gives |z| > 10", () => {
    expect(maxAbsZ(estimate('A', 1_000_000, 15), EXACT_DRA_GRADIENT)).toBeGreaterThan(10);
  });

  it("'A' has smaller variance than 'Q' (its baseline depends only on the state)", () => {
    const a = estimate('A', 200_000, 16);
    const q = estimate('Q', 200_000, 16);
    expect(a.se.every((v, i) => v <= q.se[i]!)).toBe(true);
  });
});

describe('DraObjective', () => {
  it('costs lambda * KL over the whole table: 0.3 * 1.23468 on chain (a) (oracle: docs/math.md 7 KL_all)', () => {
    const objective = new DraObjective({ lambda: 0.3, sigmaBase: 1.5 });
    expect(objective.memoryCost(chainMemory())).toBeCloseTo(0.3 * 1.23468, 5);
  });

  it('rejects lambda < 0, sigma_base <= 0, unknown estimators, naming the value', () => {
    expect(() => new DraObjective({ lambda: -0.1, sigmaBase: 1 })).toThrow(/lambda must be a finite number >= 0, got -0.1/);
    expect(() => new DraObjective({ lambda: 0.1, sigmaBase: 0 })).toThrow(/sigmaBase must be a finite number > 0, got 0/);
    expect(() => new DraObjective({ lambda: 0.1, sigmaBase: 1, estimator: 'B' as never })).toThrow(/unknown estimator "B"/);
    expect(() => new DraObjective({ lambda: Number.NaN, sigmaBase: 1 })).toThrow(/lambda/);
  });

  it('leaves memories known exactly out of the cost and the gradient (closed form: the other memories alone)', () => {
    const memory = new MemoryTable([2, 2], { sigma: 2 });
    memory.known[2] = 1;
    memory.known[3] = 1;
    memory.sigma[2] = 1;
    const objective = new DraObjective({ lambda: 0.5, sigmaBase: 4 });
    expect(objective.memoryCost(memory)).toBeCloseTo(0.5 * 2 * gaussianKl(2, 4), 14);
    const gradient = Float64Array.from([1, 1, 1, 1]);
    objective.finishGradient(memory, gradient, 1);
    expect(gradient[2]).toBe(0);
    expect(gradient[3]).toBe(0);
    expect(gradient[0]).toBeCloseTo(1 - 0.5 * gaussianKlDerivative(2, 4), 14);
  });
});

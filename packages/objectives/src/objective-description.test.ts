import { MemoryTable, type Policy, type TrajectoryBuffer } from '@dra/core';
import { mathChainA } from '@dra/environments/testing';
import { describe, expect, it } from 'vitest';
import { createObjective } from './create-objective.js';
import { DraObjective, draExactForm } from './dra-global-cost.js';
import { eq10ExactForm } from './eq10-global-cost.js';
import { eq8ExactForm } from './eq8-per-visit.js';
import { evaluateExactForm, evaluateExactly, evaluateObjectiveExactly } from './exact/exact-evaluator.js';
import type { Objective } from './objective.js';
import type { ExactForm } from './objective-description.js';
import type { EstimatorId } from './gradient-estimator.js';
import { PaperEstimator } from './paper-estimators.js';
import { ScoreFunctionEstimator } from './score-function-estimator.js';

const chain = mathChainA(); // docs/math.md 7, chain (a)
const memory = () => MemoryTable.fromRows({ mean: chain.mean, sigma: chain.sigma });
const bits = (values: ArrayLike<number>) => Array.from(values, (v) => Object.is(v, -0) ? '-0' : String(v)).join(' ');

describe('what the built-in objectives declare (description)', () => {
  it('their exact forms: DRA global cost; Eq. 8 cost and entropy per visit; Eq. 10 global cost with lambda / T_ref or the realised mean', () => {
    const make = (objective: 'dra' | 'eq8' | 'eq10', tRef: number | 'realised' = 4) =>
      createObjective({ objective, estimator: objective === 'dra' ? 'A' : 'causal', lambda: 0.3, sigmaBase: 1.5, tRef }).description!.exact;
    expect(make('dra')).toEqual({ returnWeight: 1, cost: { kind: 'global', weight: 0.3, sigmaBase: 1.5 }, entropy: null });
    expect(make('eq8')).toEqual({ returnWeight: 1, cost: { kind: 'per-visit', weight: 0.3, sigmaBase: 1.5 }, entropy: { kind: 'per-step', weight: 0.3 } });
    expect(make('eq10')).toEqual({ returnWeight: 1, cost: { kind: 'global', weight: 0.3, sigmaBase: 1.5 }, entropy: { kind: 'per-step', weight: 0.3 / 4 } });
    expect(make('eq10', 'realised')!.entropy).toEqual({ kind: 'realised-mean', weight: 0.3 });
  });

  it("their kernel path: the paper's 'A', 'Q', 'R', and 'causal' and 'full' with the objective's state terms", () => {
    const kernel = (objective: 'dra' | 'eq8' | 'eq10', estimator: EstimatorId, tRef: number | 'realised' = 10) =>
      createObjective({ objective, estimator, lambda: 0.1, sigmaBase: 5, tRef }).description!.kernel;
    expect(kernel('dra', 'A')).toEqual({ estimator: 'A' });
    expect(kernel('dra', 'Q')).toEqual({ estimator: 'Q' });
    expect(kernel('dra', 'R')).toEqual({ estimator: 'R' });
    // The weights of docs/math.md 3.1 and 3.5: DRA none; Eq. 8 lambda on H_t and KL(s_t); Eq. 10 lambda / T_ref on H_t, or lambda on the realised mean.
    expect(kernel('dra', 'causal')).toEqual({ estimator: 'causal', stateTerms: { entropy: 0, visitCost: 0, sigmaBase: 1, meanEntropy: 0 } });
    expect(kernel('eq8', 'full')).toEqual({ estimator: 'full', stateTerms: { entropy: 0.1, visitCost: 0.1, sigmaBase: 5, meanEntropy: 0 } });
    expect(kernel('eq10', 'causal')).toEqual({ estimator: 'causal', stateTerms: { entropy: 0.1 / 10, visitCost: 0, sigmaBase: 5, meanEntropy: 0 } });
    expect(kernel('eq10', 'full', 'realised')).toEqual({ estimator: 'full', stateTerms: { entropy: 0, visitCost: 0, sigmaBase: 5, meanEntropy: 0.1 } });
    for (const [objective, estimator] of [['eq8', 'critic'], ['eq8', 'q-critic'], ['eq10', 'state-baseline'], ['eq8', 'noise-baseline'], ['dra', 'all-actions']] as const) {
      expect(kernel(objective, estimator), `${objective} ${estimator}`).toBeNull();
    }
  });

  it('a subclass that replaces accumulateEpisode, or an estimator that replaces accumulate, withdraws the kernel path', () => {
    class Doubled extends DraObjective {
      override accumulateEpisode(buffer: TrajectoryBuffer, memory: MemoryTable, policy: Policy, gradient: Float64Array): void {
        super.accumulateEpisode(buffer, memory, policy, gradient);
        super.accumulateEpisode(buffer, memory, policy, gradient);
      }
    }
    class Quiet extends PaperEstimator {
      override accumulate(): void {}
    }
    expect(new Doubled({ lambda: 0.1, sigmaBase: 5, estimator: 'A' }).description.kernel).toBeNull();
    expect(new Doubled({ lambda: 0.1, sigmaBase: 5, estimator: 'A' }).description.exact).toEqual(draExactForm(0.1, 5));
    expect(new Quiet('A').kernel).toBeNull();
    expect(new PaperEstimator('A').kernel).toEqual({ estimator: 'A' });
    expect(new PaperEstimator('R').kernel).toEqual({ estimator: 'R' });
    class Louder extends ScoreFunctionEstimator {
      override accumulate(...args: Parameters<ScoreFunctionEstimator['accumulate']>): void {
        super.accumulate(...args);
        super.accumulate(...args);
      }
    }
    expect(new ScoreFunctionEstimator('causal').kernel?.estimator).toBe('causal');
    expect(new Louder('causal').kernel).toBeNull();
  });
});

describe('exact evaluation from a declared form', () => {
  it.each(['dra', 'eq8', 'eq10'] as const)('%s: evaluateObjectiveExactly gives the bits of evaluateExactly by id (oracle: the id path)', (id) => {
    const objective = createObjective({ objective: id, estimator: id === 'dra' ? 'A' : 'causal', lambda: 0.3, sigmaBase: 1.5, tRef: 2 });
    const byDescription = evaluateObjectiveExactly(chain.model, memory(), objective, 2);
    const byId = evaluateExactly(chain.model, memory(), { objective: id, beta: 2, lambda: 0.3, sigmaBase: 1.5 });
    expect(bits([byDescription.objective, ...byDescription.gradient])).toBe(bits([byId.objective, ...byId.gradient]));
  });

  it('returnWeight 2 with the cost weight doubled is twice DRA, bit for bit (oracle: scaling by 2 is exact in binary floating point)', () => {
    const dra = evaluateExactForm(chain.model, memory(), draExactForm(0.3, 1.5), 2);
    const doubled = evaluateExactForm(chain.model, memory(), { returnWeight: 2, cost: { kind: 'global', weight: 0.6, sigmaBase: 1.5 }, entropy: null }, 2);
    expect(doubled.objective).toBe(2 * dra.objective);
    expect(doubled.return).toBe(dra.return);
    expect(doubled.memoryCost).toBe(2 * dra.memoryCost);
    expect(bits(doubled.gradient)).toBe(bits(dra.gradient.map((g) => 2 * g)));
  });

  it('pieces Eq. 8 and Eq. 10 do not combine (a per-visit cost with a smaller entropy weight) agree with central finite differences (closed form check, 1e-7)', () => {
    const form: ExactForm = { returnWeight: 0.5, cost: { kind: 'per-visit', weight: 0.3, sigmaBase: 1.5 }, entropy: { kind: 'per-step', weight: 0.1 } };
    const g = evaluateExactForm(chain.model, memory(), form, 2).gradient;
    for (let i = 0; i < 4; i++) {
      const [up, down] = [memory(), memory()];
      up.sigma[i]! += 1e-5;
      down.sigma[i]! -= 1e-5;
      const fd = (evaluateExactForm(chain.model, up, form, 2).objective - evaluateExactForm(chain.model, down, form, 2).objective) / 2e-5;
      expect(Math.abs(fd - g[i]!)).toBeLessThan(1e-7);
    }
    // Eq. 8 is the same pieces with equal weights: its value is F8 = 1.79791 (docs/math.md 7).
    expect(evaluateExactForm(chain.model, memory(), eq8ExactForm(0.3, 1.5), 2).objective).toBeCloseTo(1.79791, 5);
    expect(evaluateExactForm(chain.model, memory(), eq10ExactForm(0.3, 1.5, 2), 2).objective).toBeCloseTo(1.69764, 5);
  });

  it('names bad input: an objective without an exact form, a bad weight, kind or sigmaBase', () => {
    const dra = new DraObjective({ lambda: 0.3, sigmaBase: 1.5 });
    const bare: Objective = { id: 'bare', lambda: 0.3, sigmaBase: 1.5, estimator: dra.estimator, accumulateEpisode() {}, finishGradient() {}, value: dra.value.bind(dra) }; // no description
    expect(() => evaluateObjectiveExactly(chain.model, memory(), bare, 2)).toThrow(/objective bare declares no exact form/);
    const form = draExactForm(0.3, 1.5);
    expect(() => evaluateExactForm(chain.model, memory(), { ...form, returnWeight: NaN }, 2)).toThrow(/returnWeight must be a finite number, got NaN/);
    expect(() => evaluateExactForm(chain.model, memory(), { ...form, cost: { ...form.cost, kind: 'each' as never } }, 2)).toThrow(/cost.kind must be 'global' or 'per-visit', got each/);
    expect(() => evaluateExactForm(chain.model, memory(), { ...form, cost: { ...form.cost, sigmaBase: 0 } }, 2)).toThrow(/cost.sigmaBase must be a finite number > 0, got 0/);
    expect(() => evaluateExactForm(chain.model, memory(), form, 0)).toThrow(/beta must be a finite number > 0, got 0/);
  });
});

import { MemoryTable, Rng } from '@dra/core';
import { createBuiltInRegistry, TabularEnvironment } from '@dra/environments';
import { mathChainA } from '@dra/environments/testing';
import { mountainCarPlugin } from '@dra/mountain-car';
import { createObjective, evaluateExactly, type ObjectiveId } from '@dra/objectives';
import { SoftThompson } from '@dra/policies';
import { describe, expect, it } from 'vitest';
import { runExperiment, SettingsError } from './experiment.js';
import { defaultSettings, type RunSettings } from './run-settings.js';
import { train } from './train.js';

describe('training with the inference objectives', () => {
  it.each(['eq8', 'eq10', 'dra'] as const)('raises the exact %s objective on docs/math.md chain (a) with q held fixed (oracle: the exact evaluator)', (id: ObjectiveId) => {
    const chain = mathChainA();
    const memory = MemoryTable.fromRows({ mean: chain.mean, sigma: chain.sigma });
    const exact = () => evaluateExactly(chain.model, memory, { objective: id, beta: 2, lambda: 0.3, sigmaBase: 1.5 }).objective;
    const before = exact();
    train({
      environment: new TabularEnvironment(chain.model),
      policy: new SoftThompson({ beta: 2 }),
      objective: createObjective({ objective: id, estimator: 'causal', lambda: 0.3, sigmaBase: 1.5, tRef: 2 }),
      memory,
      rng: Rng.create(5),
      episodes: 3000,
      gamma: 1,
      alphaQ: 1e-12, // q stays put: only sigma moves along the estimated gradient
      alphaSigma: 0.02,
      nTraj: 10,
      evalEvery: 1000,
      evalRollouts: 10,
      sigmaMin: 0.01,
      sigmaMax: 1.5,
    });
    // The exact gradient at the start is about 0.3 per memory and the steps total 60 per unit gradient.
    expect(exact() - before).toBeGreaterThan(0.01);
  });

  it('runs the planning task with eq10 (T_ref = its horizon) and names bad combinations', () => {
    const run = runExperiment({ ...defaultSettings('huys'), objective: 'eq10', estimator: 'causal', episodes: 300, evalEvery: 100, evalRollouts: 100 });
    expect(run.curve).toHaveLength(3);
    const problems = (patch: object) => {
      try {
        runExperiment({ ...defaultSettings('maze'), episodes: 1, ...patch });
      } catch (error) {
        return (error as SettingsError).problems.map((p) => p.field);
      }
      return [];
    };
    expect(problems({ objective: 'eq10', estimator: 'causal' })).toEqual(['tRef']);
    expect(problems({ objective: 'eq8', estimator: 'A' })).toEqual(['estimator']);
    expect(problems({ objective: 'eq10', estimator: 'causal', tRef: -1 })).toEqual(['tRef']);
    expect(problems({ objective: 'eq10', estimator: 'causal', tRef: 20 })).toEqual([]);
    expect(problems({ sigmaStep: 'sgd' })).toEqual(['sigmaStep']);
    expect(problems({ alphaSigmaDecay: { tau: 0, power: 1 } })).toEqual(['alphaSigmaDecay']);
    expect(problems({ alphaSigmaDecay: { tau: 100, power: 1.5 } })).toEqual(['alphaSigmaDecay']);
    expect(problems({ alphaSigmaDecay: { tau: 100, power: 0.6 } })).toEqual([]);
  });

  it('reports the exact value of the final memory when asked, on tabular tasks (oracle: evaluateExactly of the saved memory)', () => {
    const settings = { ...defaultSettings('huys'), objective: 'eq10' as const, estimator: 'critic' as const, sigmaStep: 'adam' as const, episodes: 200, evalEvery: 100 };
    const run = runExperiment(settings, { exactFinal: true });
    const exact = evaluateExactly(createBuiltInRegistry().create('huys', {}).model!, MemoryTable.fromRows(run.memory), { objective: 'eq10', beta: 10, lambda: 1, sigmaBase: 100 });
    expect(run.exactFinal).toEqual({ objective: exact.objective, return: exact.return, memoryCost: exact.memoryCost, actionEntropy: exact.actionEntropy });
    expect(runExperiment(settings).exactFinal).toBeUndefined();
  });
});

describe('the inference objectives at the maze paper settings (clip [0.01, 100], sigma_base 5, lambda 0.1)', () => {
  const exactAfter = (patch: Partial<RunSettings>, seed: number) => {
    const run = runExperiment({ ...defaultSettings('maze'), objective: 'eq8', episodes: 100, evalEvery: 50, evalRollouts: 20, seed, ...patch }, { exactFinal: true });
    return { objective: run.exactFinal!.objective, maxSigma: Math.max(...run.memory.sigma.flat()) };
  };

  it('Eq. 8 trains with the critic estimator and the adam step, far above the causal estimator with the constant step, which runs sigma to the clip (oracle: the exact evaluator)', () => {
    for (const seed of [1, 2]) {
      const critic = exactAfter({ estimator: 'critic', sigmaStep: 'adam' }, seed);
      const plain = exactAfter({ estimator: 'causal', sigmaStep: 'constant' }, seed);
      expect(critic.maxSigma).toBeLessThan(20);
      expect(plain.maxSigma).toBe(100);
      expect(critic.objective).toBeGreaterThan(plain.objective + 100);
    }
  });
});

describe('training along the exact gradient', () => {
  it('raises the exact objective on chain (a) deterministically, without gradient rollouts (oracle: the exact evaluator)', () => {
    const chain = mathChainA();
    const run = () => {
      const memory = MemoryTable.fromRows({ mean: chain.mean, sigma: chain.sigma });
      const before = evaluateExactly(chain.model, memory, { objective: 'eq10', beta: 2, lambda: 0.3, sigmaBase: 1.5 }).objective;
      const result = train({
        environment: new TabularEnvironment(chain.model),
        policy: new SoftThompson({ beta: 2 }),
        objective: createObjective({ objective: 'eq10', estimator: 'causal', lambda: 0.3, sigmaBase: 1.5, tRef: 2 }),
        memory,
        rng: Rng.create(5),
        episodes: 300,
        gamma: 1,
        alphaQ: 1e-12,
        alphaSigma: 0.02,
        nTraj: 10,
        evalEvery: 100,
        evalRollouts: 10,
        sigmaMin: 0.01,
        sigmaMax: 1.5,
        exactGradient: true,
      });
      const after = evaluateExactly(chain.model, memory, { objective: 'eq10', beta: 2, lambda: 0.3, sigmaBase: 1.5 }).objective;
      return { gain: after - before, steps: result.steps.gradient, sigma: Array.from(memory.sigma) };
    };
    const a = run();
    expect(a.steps).toBe(0);
    expect(a.gain).toBeGreaterThan(0.05);
    expect(run().sigma).toEqual(a.sigma);
  });

  it('is refused on a task without a tabular model, naming the setting', () => {
    const registry = createBuiltInRegistry().register(mountainCarPlugin);
    const settings = { ...defaultSettings('mountain-car', registry), exactGradient: true, episodes: 1 };
    expect(() => runExperiment(settings, { registry })).toThrow(/exactGradient must be false: environment mountain-car exposes no tabular model/);
  });
});

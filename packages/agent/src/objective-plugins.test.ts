import { createBuiltInObjectives, OBJECTIVE_SPECIFICATION_VERSION, type ObjectivePlugin } from '@dra/objectives';
import { SoftThompson } from '@dra/policies';
import { describe, expect, it } from 'vitest';
import { ChainEnvironment } from './chain-environment.test-support.js';
import { runExperiment } from './experiment.js';
import { defaultSettings } from './run-settings.js';
import { ScaledDraObjective } from './scaled-dra-objective.test-support.js';
import { trainingPath } from './training-path.js';

/** An objective plugin building `ScaledDraObjective` (scale 2), or, `bare`, one that declares nothing of itself. */
function plugin(id: string, bare: boolean): ObjectivePlugin {
  return {
    specificationVersion: OBJECTIVE_SPECIFICATION_VERSION,
    kind: 'objective',
    id,
    description: bare ? 'DRA scaled by 2, declaring nothing' : 'DRA scaled by 2',
    estimators: ['A', 'Q', 'R'],
    create: ({ lambda, sigmaBase, estimator }) => {
      const objective = new ScaledDraObjective({ scale: 2, lambda, sigmaBase, estimator: estimator as 'A' });
      if (bare) Object.defineProperty(objective, 'description', { value: undefined });
      return objective;
    },
  };
}

const objectives = createBuiltInObjectives().register(plugin('scaled', false)).register(plugin('bare', true));
const settings = { ...defaultSettings('huys'), episodes: 40, evalEvery: 20, evalRollouts: 20 };

describe('runExperiment with objective plugins', () => {
  it("trains a registered plugin and evaluates its final memory exactly from its own form (oracle: 2 x DRA's exact value, same memory)", () => {
    const scaled = runExperiment({ ...settings, objective: 'scaled', alphaSigma: settings.alphaSigma / 2 }, { objectives, exactFinal: true });
    const dra = runExperiment({ ...settings, objective: 'dra' }, { objectives, exactFinal: true });
    expect(scaled.memory).toEqual(dra.memory); // 2 g (alpha / 2) = g alpha exactly
    expect(scaled.exactFinal!.objective).toBeCloseTo(2 * dra.exactFinal!.objective, 10);
  });

  it('records no exact value for a plugin without an exact form, instead of failing after training', () => {
    const record = runExperiment({ ...settings, objective: 'bare' }, { objectives, exactFinal: true });
    expect(record.exactFinal).toBeUndefined();
    expect(Number.isFinite(record.final.objective)).toBe(true);
  });

  it('refuses a plugin objective it was not given, and an estimator the plugin does not take, naming them', () => {
    expect(() => runExperiment({ ...settings, objective: 'scaled' })).toThrow(/objective must be one of dra, eq8, eq10, got "scaled"/);
    expect(() => runExperiment({ ...settings, objective: 'scaled', estimator: 'causal' }, { objectives })).toThrow(/estimator must be one of the estimators scaled takes: A, Q, R, got "causal"/);
  });

  it('runs the gradient rollouts in TypeScript when an objective declares a kernel estimator the kernel does not have', () => {
    const objective = new ScaledDraObjective({ scale: 2, lambda: 0.1, sigmaBase: 5, estimator: 'R' });
    Object.defineProperty(objective, 'description', { value: { exact: null, kernel: { estimator: 'state-baseline' } } });
    const environment = new ChainEnvironment({ length: 4, maxSteps: 30 });
    const path = trainingPath(environment, new SoftThompson({ beta: 10 }), objective);
    expect(path.gradient).toBe('typescript');
    expect(path.gradientReason).toMatch(/declares the kernel estimator "state-baseline", which the kernel does not have \(A, Q, R, causal, full\)/);
  });
});

import type { MemoryTable, TrajectoryBuffer } from '@dra/core';
import { goalChain, type ReferenceMdp } from '@dra/environments/testing';
import type { SoftThompson } from '@dra/policies';
import { describe, expect, it } from 'vitest';
import { createObjective } from './create-objective.js';
import { UNBIASED_ESTIMATOR_IDS } from './gradient-estimator.js';
import { estimateOn, exactOn, maxAbsZ, OBJECTIVE_SETTINGS, TEST_MDPS, type ObjectiveSetting } from './tabular-estimates.test-support.js';

const EPISODES = 100_000;

const exactGradient = (mdp: ReferenceMdp, setting: ObjectiveSetting) => exactOn(mdp, setting).gradient;
const objectiveFor = (mdp: ReferenceMdp, setting: ObjectiveSetting, estimator: (typeof UNBIASED_ESTIMATOR_IDS)[number]) =>
  createObjective({ ...setting, estimator, lambda: mdp.lambda, sigmaBase: mdp.sigmaBase });

describe('unbiased estimators against the exact gradient (oracle: the exact evaluator, checked by finite differences)', () => {
  it.each(TEST_MDPS.flatMap(([name, mdp]) => OBJECTIVE_SETTINGS.flatMap(([id, setting]) => UNBIASED_ESTIMATOR_IDS.map((e) => [id, e, name, mdp, setting] as const))))(
    '%s with %s on %s: |z| < 4 over 1e5 episodes',
    (_, estimator, __, mdp, setting) => {
      const z = maxAbsZ(estimateOn(mdp, objectiveFor(mdp, setting, estimator), EPISODES, 31), exactGradient(mdp, setting));
      expect(z).toBeLessThan(4);
    },
  );
});

/** Removes weight * dH_t/dsigma (the pathwise entropy derivative) of every step from an estimate. */
const withoutPathwiseEntropy = (weight: (length: number) => number) => (buffer: TrajectoryBuffer, memory: MemoryTable, policy: SoftThompson, gradient: Float64Array) => {
  const dH = new Float64Array(memory.maxActions);
  for (let t = 0; t < buffer.length; t++) {
    const s = buffer.states[t]!;
    policy.entropyGradient(memory, buffer, t, dH);
    for (let k = 0; k < memory.actionCount(s); k++) gradient[memory.actionStart[s]! + k]! -= weight(buffer.length) * dH[k]!;
  }
};

describe('the same test has teeth: estimators with the pathwise entropy term left out fail it', () => {
  const mdp = goalChain();
  it.each([
    ['eq8', { objective: 'eq8' }, () => mdp.lambda],
    ['eq10 (T_ref 3)', { objective: 'eq10', tRef: 3 }, () => mdp.lambda / 3],
    ['eq10 (realised length)', { objective: 'eq10', tRef: 'realised' }, (length: number) => mdp.lambda / length],
  ] as const)('%s: |z| > 8', (_, setting, weight) => {
    const z = maxAbsZ(estimateOn(mdp, objectiveFor(mdp, setting, 'causal'), EPISODES, 32, withoutPathwiseEntropy(weight)), exactGradient(mdp, setting));
    expect(z).toBeGreaterThan(8);
  });
});

import { MemoryTable, Rng, TrajectoryBuffer, type Policy } from '@dra/core';
import { TabularEnvironment } from '@dra/environments';
import { goalChain } from '@dra/environments/testing';
import { HardThompson, SoftThompson } from '@dra/policies';
import { describe, expect, it } from 'vitest';
import { CriticEstimator } from './critic-estimator.js';
import { DraObjective } from './dra-global-cost.js';
import { Eq8Objective } from './eq8-per-visit.js';
import { estimateOn, exactOn, maxAbsZ, memoryOf, rolloutTabular } from './tabular-estimates.test-support.js';

const mdp = goalChain();
const EPISODES = 100_000;

/**
 * A deliberately wrong variant: the critic estimator's first term alone, the score's mean over
 * the action with Qh = q under the step's own noise, beta zeta_k p_k (q_k - sum_a p_a q_a),
 * without the correction psi Delta (what the paper's 'Q' and 'A' estimate).
 */
const withoutCorrection = (buffer: TrajectoryBuffer, memory: MemoryTable, policy: SoftThompson, gradient: Float64Array) => {
  gradient.fill(0);
  for (let t = 0; t < buffer.length; t++) {
    const start = memory.actionStart[buffer.states[t]!]!;
    const count = memory.actionCount(buffer.states[t]!);
    const row = t * buffer.maxActions;
    let mean = 0;
    for (let k = 0; k < count; k++) mean += buffer.probabilities[row + k]! * memory.mean[start + k]!;
    for (let k = 0; k < count; k++) gradient[start + k]! += policy.beta * buffer.zeta[row + k]! * buffer.probabilities[row + k]! * (memory.mean[start + k]! - mean);
  }
  new DraObjective({ lambda: mdp.lambda, sigmaBase: mdp.sigmaBase }).finishGradient(memory, gradient, 1);
};

describe('critic estimators (oracle: the exact gradient of the exact evaluator)', () => {
  const exact = exactOn(mdp, { objective: 'dra' }).gradient;

  it.each([0, 1, 16])('with %i fresh noise draws per state the q-critic estimator averages to the exact DRA gradient, |z| < 4 over 1e5 episodes', (noiseSamples) => {
    const dra = new DraObjective({ lambda: mdp.lambda, sigmaBase: mdp.sigmaBase });
    const critic = new CriticEstimator('q-critic', undefined, { noiseSamples });
    const objective = {
      ...dra,
      accumulateEpisode: (buffer: TrajectoryBuffer, memory: MemoryTable, policy: Policy, gradient: Float64Array, rng?: Rng) => critic.accumulate(buffer, memory, policy, gradient, rng),
      finishGradient: (memory: MemoryTable, gradient: Float64Array, episodes: number) => dra.finishGradient(memory, gradient, episodes),
      value: dra.value.bind(dra),
    };
    expect(maxAbsZ(estimateOn(mdp, objective, EPISODES, 41), exact)).toBeLessThan(4);
  });

  it('has teeth: the same test rejects the variant without the correction psi Delta (|z| > 8)', () => {
    const objective = new DraObjective({ lambda: mdp.lambda, sigmaBase: mdp.sigmaBase, estimator: 'causal' });
    expect(maxAbsZ(estimateOn(mdp, objective, EPISODES, 42, withoutCorrection), exact)).toBeGreaterThan(8);
  });

  it('a saved and restored critic continues with the same estimates, bit for bit', () => {
    const run = (cut: number | null) => {
      const memory = memoryOf(mdp);
      const env = new TabularEnvironment(mdp.model);
      const policy = new SoftThompson({ beta: mdp.beta });
      const rng = Rng.create(5);
      const buffer = new TrajectoryBuffer(memory.maxActions);
      let objective = new Eq8Objective({ lambda: mdp.lambda, sigmaBase: mdp.sigmaBase, estimator: 'critic' });
      const gradient = new Float64Array(memory.size);
      for (let e = 0; e < 200; e++) {
        if (e === cut) {
          const saved = JSON.parse(JSON.stringify(objective.estimator.saveState!()));
          objective = new Eq8Objective({ lambda: mdp.lambda, sigmaBase: mdp.sigmaBase, estimator: 'critic' });
          objective.estimator.restoreState!(saved);
        }
        rolloutTabular(env, policy, memory, rng, buffer);
        objective.accumulateEpisode(buffer, memory, policy, gradient, rng);
      }
      return Array.from(gradient);
    };
    expect(run(77)).toEqual(run(null));
  });

  it('names what it needs: soft Thompson sampling, the rollout generator, valid options', () => {
    const memory = MemoryTable.fromRows({ mean: [[0, 1]], sigma: [[1, 1]] });
    const buffer = new TrajectoryBuffer(2);
    const critic = new CriticEstimator('critic');
    const hard: Policy = new HardThompson();
    expect(() => critic.accumulate(buffer, memory, hard, new Float64Array(2), Rng.create(1))).toThrow(/needs soft Thompson sampling, got policy hard-thompson/);
    expect(() => critic.accumulate(buffer, memory, new SoftThompson({ beta: 1 }), new Float64Array(2))).toThrow(/pass the rollout's generator/);
    expect(() => new CriticEstimator('critic', undefined, { noiseSamples: -1 })).toThrow(/noiseSamples must be a whole number >= 0, got -1/);
    expect(() => new CriticEstimator('critic', undefined, { criticRate: 0 })).toThrow(/criticRate must be a number in \(0, 1\], got 0/);
  });

  it('one-action states, huge beta * q and sigma at its bounds stay finite; a one-action state gets no score term', () => {
    const memory = MemoryTable.fromRows({ mean: [[0], [1e6, -1e6, 0]], sigma: [[0.01], [100, 0.01, 1]] });
    const policy = new SoftThompson({ beta: 1e4 });
    const rng = Rng.create(3);
    const buffer = new TrajectoryBuffer(3);
    for (const s of [0, 1, 0, 1]) {
      const t = buffer.push(s);
      buffer.actions[t] = policy.act(memory, s, rng, buffer, t);
      buffer.rewards[t] = 1;
    }
    const gradient = new Float64Array(memory.size);
    new CriticEstimator('q-critic').accumulate(buffer, memory, policy, gradient, rng);
    expect(gradient.every(Number.isFinite)).toBe(true);
    expect(gradient[0]).toBe(0);
  });
});

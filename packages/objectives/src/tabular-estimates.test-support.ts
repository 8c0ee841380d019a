import { MemoryTable, Rng, TrajectoryBuffer } from '@dra/core';
import { TabularEnvironment } from '@dra/environments';
import { branchingMdp, goalChain, mathChainA, type ReferenceMdp } from '@dra/environments/testing';
import { SoftThompson } from '@dra/policies';
import type { ObjectiveSettings } from './create-objective.js';
import { EpisodeStatistics } from './episode-statistics.js';
import { evaluateExactly, type ExactEvaluation } from './exact/exact-evaluator.js';
import type { Objective } from './objective.js';

/** docs/math.md 6 (a): S = 2, K = 2, T = 2, p0 = (0.6, 0.4), beta 2, lambda 0.3, sigma_base 1.5. */
export const chainA = mathChainA();

/** A fresh copy of the memory a reference MDP is evaluated at. */
export const memoryOf = (mdp: ReferenceMdp): MemoryTable => MemoryTable.fromRows({ mean: mdp.mean, sigma: mdp.sigma });

/** The memory at which docs/math.md 7 tabulates chain (a)'s exact values (a fresh copy). */
export const chainAMemory = (): MemoryTable => memoryOf(chainA);

/** One episode of soft Thompson sampling on a tabular environment into `buffer`. */
export function rolloutTabular(env: TabularEnvironment, policy: SoftThompson, memory: MemoryTable, rng: Rng, buffer: TrajectoryBuffer): void {
  buffer.clear();
  let s = env.reset(rng);
  while (!env.terminated && !env.truncated) {
    const t = buffer.push(s);
    buffer.actions[t] = policy.act(memory, s, rng, buffer, t);
    buffer.rewards[t] = env.step(buffer.actions[t]!, rng);
    s = env.state;
  }
}

/**
 * Monte Carlo mean and standard error, per memory, of one-episode gradient estimates
 * (episode part + global term) on a reference MDP at its memory. `alter`, when given, may
 * change each episode's estimate (test code builds deliberately wrong variants with it).
 */
export function estimateOn(
  mdp: ReferenceMdp,
  objective: Objective,
  episodes: number,
  seed: number,
  alter?: (buffer: TrajectoryBuffer, memory: MemoryTable, policy: SoftThompson, gradient: Float64Array) => void,
): { mean: number[]; se: number[] } {
  const memory = memoryOf(mdp);
  const env = new TabularEnvironment(mdp.model);
  const policy = new SoftThompson({ beta: mdp.beta });
  const rng = Rng.create(seed);
  const buffer = new TrajectoryBuffer(memory.maxActions);
  const n = memory.size;
  const one = new Float64Array(n);
  const sum = new Float64Array(n);
  const squares = new Float64Array(n);
  for (let e = 0; e < episodes; e++) {
    one.fill(0);
    rolloutTabular(env, policy, memory, rng, buffer);
    objective.accumulateEpisode(buffer, memory, policy, one, rng);
    objective.finishGradient(memory, one, 1);
    alter?.(buffer, memory, policy, one);
    for (let i = 0; i < n; i++) {
      sum[i]! += one[i]!;
      squares[i]! += one[i]! * one[i]!;
    }
  }
  const mean = Array.from(sum, (v) => v / episodes);
  const se = Array.from(sum, (v, i) => Math.sqrt(Math.max(0, squares[i]! / episodes - (v / episodes) ** 2) / episodes));
  return { mean, se };
}

/** Chain (a) with `estimateOn`. */
export const estimateOnChainA = (objective: Objective, episodes: number, seed: number) => estimateOn(chainA, objective, episodes, seed);

/**
 * The largest |mean - target| / se over the memories. A memory whose estimate never varies
 * (se = 0: a one-action state under an objective with no visit cost) must equal its target.
 */
export const maxAbsZ = (result: { mean: number[]; se: number[] }, target: ArrayLike<number>): number =>
  Math.max(
    ...result.mean.map((m, i) => {
      const diff = Math.abs(m - target[i]!);
      if (result.se[i]! > 0) return diff / result.se[i]!;
      return diff <= 1e-12 * Math.max(1, Math.abs(target[i]!)) ? 0 : Infinity;
    }),
  );

/** An objective with its T_ref, as the exact evaluator and createObjective both take it. */
export type ObjectiveSetting = Pick<ObjectiveSettings, 'objective' | 'tRef'>;

/** Every objective setting the exact and Monte Carlo tests cover, with a label. */
export const OBJECTIVE_SETTINGS: [string, ObjectiveSetting][] = [
  ['eq8', { objective: 'eq8' }],
  ['eq10 (T_ref 3)', { objective: 'eq10', tRef: 3 }],
  ['eq10 (realised length)', { objective: 'eq10', tRef: 'realised' }],
  ['dra', { objective: 'dra' }],
];

/** The small MDPs beyond chain (a): variable-length episodes, and 3, 4 and 1 actions per state. */
export const TEST_MDPS: [string, ReferenceMdp][] = [
  ['the goal chain (variable length)', goalChain()],
  ['the branching MDP (3, 4 and 1 actions)', branchingMdp()],
];

/** The exact evaluation of a reference MDP at its memory (or at `memory`), with its own beta, lambda and sigma_base. */
export const exactOn = (mdp: ReferenceMdp, setting: ObjectiveSetting, memory = memoryOf(mdp)): ExactEvaluation =>
  evaluateExactly(mdp.model, memory, { ...setting, beta: mdp.beta, lambda: mdp.lambda, sigmaBase: mdp.sigmaBase });

/**
 * An objective's value from rollouts at a reference MDP's memory: the mean and standard error
 * over `batches` batches of `perBatch` episodes.
 */
export function valueFromRollouts(mdp: ReferenceMdp, objective: Objective, seed: number, batches = 20, perBatch = 10_000): { mean: number; se: number } {
  const memory = memoryOf(mdp);
  const env = new TabularEnvironment(mdp.model);
  const policy = new SoftThompson({ beta: mdp.beta });
  const rng = Rng.create(seed);
  const buffer = new TrajectoryBuffer(memory.maxActions);
  const statistics = new EpisodeStatistics();
  const values: number[] = [];
  for (let batch = 0; batch < batches; batch++) {
    statistics.clear();
    for (let e = 0; e < perBatch; e++) {
      rolloutTabular(env, policy, memory, rng, buffer);
      statistics.add(buffer, memory, policy);
    }
    values.push(objective.value(statistics, memory).objective);
  }
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const se = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1) / values.length);
  return { mean, se };
}

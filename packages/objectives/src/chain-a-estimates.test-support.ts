import { MemoryTable, Rng, TrajectoryBuffer } from '@dra/core';
import { mathChainA, TabularEnvironment } from '@dra/environments';
import { SoftThompson } from '@dra/policies';
import type { Objective } from './objective.js';

/** MATH.md 6 (a): S = 2, K = 2, T = 2, p0 = (0.6, 0.4), beta 2, lambda 0.3, sigma_base 1.5. */
export const chainA = mathChainA();

/** The memory at which MATH.md 7 tabulates chain (a)'s exact values (a fresh copy). */
export const chainAMemory = (): MemoryTable => MemoryTable.fromRows({ mean: chainA.mean, sigma: chainA.sigma });

/** One episode of soft Thompson sampling on chain (a) into `buffer`. */
export function rolloutChainA(env: TabularEnvironment, policy: SoftThompson, memory: MemoryTable, rng: Rng, buffer: TrajectoryBuffer): void {
  buffer.clear();
  let s = env.reset(rng);
  while (!env.terminated && !env.truncated) {
    const t = buffer.push(s);
    buffer.actions[t] = policy.act(memory, s, rng, buffer, t);
    buffer.rewards[t] = env.step(buffer.actions[t]!, rng);
    s = env.state;
  }
}

/** Monte Carlo mean and standard error, per memory, of one-episode gradient estimates (episode part + global term). */
export function estimateOnChainA(objective: Objective, episodes: number, seed: number): { mean: number[]; se: number[] } {
  const memory = chainAMemory();
  const env = new TabularEnvironment(chainA.model);
  const policy = new SoftThompson({ beta: chainA.beta });
  const rng = Rng.create(seed);
  const buffer = new TrajectoryBuffer(2);
  const one = new Float64Array(4);
  const sum = new Float64Array(4);
  const squares = new Float64Array(4);
  for (let e = 0; e < episodes; e++) {
    one.fill(0);
    rolloutChainA(env, policy, memory, rng, buffer);
    objective.accumulateEpisode(buffer, memory, policy, one);
    objective.finishGradient(memory, one, 1);
    for (let i = 0; i < 4; i++) {
      sum[i]! += one[i]!;
      squares[i]! += one[i]! * one[i]!;
    }
  }
  const mean = Array.from(sum, (v) => v / episodes);
  const se = Array.from(sum, (v, i) => Math.sqrt(Math.max(0, squares[i]! / episodes - (v / episodes) ** 2) / episodes));
  return { mean, se };
}

/** The largest |mean - target| / se over the memories. */
export const maxAbsZ = (result: { mean: number[]; se: number[] }, target: number[]): number =>
  Math.max(...result.mean.map((m, i) => Math.abs(m - target[i]!) / result.se[i]!));

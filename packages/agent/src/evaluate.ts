import type { Environment, MemoryTable, Policy, Rng, TrajectoryBuffer } from '@dra/core';
import type { EpisodeStatistics, Objective, ObjectiveValue } from '@dra/objectives';
import { rollout } from './rollout.js';

/**
 * Monte Carlo value of an objective for the current memories: `rollouts` episodes of the
 * policy, their mean return and summed action entropy, combined with the objective's
 * memory cost. `statistics` is cleared and refilled; its `steps` counts the steps run.
 * Mirrored in WebAssembly: assembly/wasm-kernel.ts `evaluationRollouts` (docs/kernel-mirror.md).
 */
export function evaluateByRollouts(
  environment: Environment,
  policy: Policy,
  memory: MemoryTable,
  objective: Objective,
  rng: Rng,
  rollouts: number,
  buffer: TrajectoryBuffer,
  statistics: EpisodeStatistics,
): ObjectiveValue {
  statistics.clear();
  for (let i = 0; i < rollouts; i++) {
    rollout(environment, policy, memory, rng, buffer);
    statistics.add(buffer, memory, policy);
  }
  return objective.value(statistics, memory);
}

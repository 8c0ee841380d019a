import type { Environment, MemoryTable, Policy, Rng, TrajectoryBuffer } from '@dra/core';

/**
 * One learning episode with the on-policy expected-SARSA update of the means:
 *   q(s,a) <- q(s,a) + alpha_q * ( r + gamma * sum_a' p(a'|s') q(s',a') - q(s,a) ),
 * where p(.|s') is a fresh noisy draw of the policy at s'. Only a true terminal state
 * stops bootstrapping; a time-limit truncation keeps it (docs/tasks.md 5). Memories flagged
 * in `known` keep their mean. `step` is a one-row scratch buffer; `next` holds >= K
 * entries. Returns the number of steps.
 * Mirrored in WebAssembly: assembly/wasm-kernel.ts `learningEpisode` (docs/kernel-mirror.md).
 */
export function expectedSarsaEpisode(
  environment: Environment,
  policy: Policy,
  memory: MemoryTable,
  rng: Rng,
  gamma: number,
  alphaQ: number,
  step: TrajectoryBuffer,
  next: Float64Array,
  known?: Uint8Array,
): number {
  const q = memory.mean;
  const actionStart = memory.actionStart;
  let state = environment.reset(rng);
  let steps = 0;
  while (!environment.terminated && !environment.truncated) {
    step.clear();
    const t = step.push(state);
    const action = policy.act(memory, state, rng, step, t);
    const reward = environment.step(action, rng);
    const following = environment.state;
    let target = reward;
    if (!environment.terminated) {
      const start = actionStart[following]!;
      const count = actionStart[following + 1]! - start;
      if (count > 0) {
        policy.probabilities(memory, following, rng, next);
        let expected = 0;
        for (let k = 0; k < count; k++) expected += next[k]! * q[start + k]!;
        target += gamma * expected;
      }
    }
    const i = actionStart[state]! + action;
    if (known === undefined || known[i] === 0) q[i]! += alphaQ * (target - q[i]!);
    state = following;
    steps++;
  }
  return steps;
}

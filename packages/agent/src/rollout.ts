import type { Environment, MemoryTable, Policy, Rng, TrajectoryBuffer } from '@dra/core';

/**
 * Runs one episode with fixed memories, recording every step into `buffer` (state,
 * action, reward, and the policy's zeta and p). Returns the number of steps.
 * Mirrored in WebAssembly: assembly/wasm-kernel.ts `streamedRollouts` (with the paper's 'A' and 'Q'
 * estimates of each step) and `recordEpisode` (docs/kernel-mirror.md).
 */
export function rollout(
  environment: Environment,
  policy: Policy,
  memory: MemoryTable,
  rng: Rng,
  buffer: TrajectoryBuffer,
): number {
  buffer.clear();
  let state = environment.reset(rng);
  while (!environment.terminated && !environment.truncated) {
    const t = buffer.push(state);
    const action = policy.act(memory, state, rng, buffer, t);
    buffer.actions[t] = action;
    buffer.rewards[t] = environment.step(action, rng);
    state = environment.state;
  }
  buffer.terminated = environment.terminated;
  buffer.truncated = environment.truncated;
  return buffer.length;
}

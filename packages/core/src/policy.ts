import type { MemoryTable } from './memory-table.js';
import type { Rng } from './rng.js';
import type { TrajectoryBuffer } from './trajectory-buffer.js';

/** Version of the policy contract below. */
export const POLICY_SPECIFICATION_VERSION = 1 as const;

/**
 * The policy contract. `act` draws the noise zeta for the memories of `state`, writes zeta
 * and the action probabilities p into row t of the buffer, and returns the sampled action.
 * The derivative methods recompute what they need from (memory, buffer row), so nothing
 * is stored per step beyond zeta and p.
 */
export interface Policy {
  readonly specificationVersion: typeof POLICY_SPECIFICATION_VERSION;
  readonly id: string;
  /** Inverse temperature beta; writable so a schedule can change it between episodes. */
  beta: number;
  /** True when `score` and `entropyGradient` are defined (soft Thompson sampling). */
  readonly differentiable: boolean;
  /** Draws an action in `state`, storing the step's noise and probabilities in row `t` of `buffer`; returns the action. */
  act(memory: MemoryTable, state: number, rng: Rng, buffer: TrajectoryBuffer, t: number): number;
  /** A fresh noisy draw of the action probabilities of `state`, into `out[0 .. K)`. */
  probabilities(memory: MemoryTable, state: number, rng: Rng, out: Float64Array): void;
  /** psi_k = d log p_a / d sigma(s, k) at step t, into `out[0 .. K)` (MATH.md 2). */
  score(memory: MemoryTable, buffer: TrajectoryBuffer, t: number, out: Float64Array): void;
  /** gradient[index(s_t, k)] += weight * psi_k for every action k of step t (fused score-and-add). */
  addScore(memory: MemoryTable, buffer: TrajectoryBuffer, t: number, weight: number, gradient: Float64Array): void;
  /** Entropy H_t of the step's action distribution (nats). */
  entropy(memory: MemoryTable, buffer: TrajectoryBuffer, t: number): number;
  /** dH_t / d sigma(s, k) at fixed noise into `out[0 .. K)`; returns H_t (MATH.md 2). */
  entropyGradient(memory: MemoryTable, buffer: TrajectoryBuffer, t: number, out: Float64Array): number;
}

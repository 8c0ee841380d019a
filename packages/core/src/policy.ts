import type { MemoryTable } from './memory-table.js';
import type { Rng } from './rng.js';
import type { TrajectoryBuffer } from './trajectory-buffer.js';

/** Version of the policy contract below. */
export const POLICY_SPECIFICATION_VERSION = 1 as const;

/**
 * What a policy declares (as `kernel`) when its `act`, `probabilities`, `entropy` and `addScore`
 * are those of a policy a kernel reproduces bit for bit: 'soft-thompson' is soft Thompson sampling
 * at the policy's current `beta` (SoftThompson of @dra/policies; the WebAssembly episodes of
 * @dra/agent mirror it).
 */
export interface PolicyKernel {
  readonly kind: 'soft-thompson';
}

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
  /**
   * The kernel twin of this policy's methods, or absent / null for none. A class that declares
   * it must withdraw it (null) when a subclass replaces one of those methods.
   */
  readonly kernel?: PolicyKernel | null;
  /** Draws an action in `state`, storing the step's noise and probabilities in row `t` of `buffer`; returns the action. */
  act(memory: MemoryTable, state: number, rng: Rng, buffer: TrajectoryBuffer, t: number): number;
  /** A fresh noisy draw of the action probabilities of `state`, into `out[0 .. K)`. */
  probabilities(memory: MemoryTable, state: number, rng: Rng, out: Float64Array): void;
  /** psi_k = d log p_a / d sigma(s, k) at step t, into `out[0 .. K)` (docs/math.md 2). */
  score(memory: MemoryTable, buffer: TrajectoryBuffer, t: number, out: Float64Array): void;
  /** gradient[index(s_t, k)] += weight * psi_k for every action k of step t (fused score-and-add). */
  addScore(memory: MemoryTable, buffer: TrajectoryBuffer, t: number, weight: number, gradient: Float64Array): void;
  /** Entropy H_t of the step's action distribution (nats). */
  entropy(memory: MemoryTable, buffer: TrajectoryBuffer, t: number): number;
  /** dH_t / d sigma(s, k) at fixed noise into `out[0 .. K)`; returns H_t (docs/math.md 2). */
  entropyGradient(memory: MemoryTable, buffer: TrajectoryBuffer, t: number, out: Float64Array): number;
}

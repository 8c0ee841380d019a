import { BadInputError, gaussianKlSum, type MemoryTable, type Policy, type Rng, type TrajectoryBuffer } from '@dra/core';
import type { EpisodeStatistics } from './episode-statistics.js';
import type { GradientEstimator } from './gradient-estimator.js';
import type { ObjectiveDescription } from './objective-description.js';
import type { ObjectiveValue } from './objective-value.js';

/**
 * The built-in objectives of docs/math.md 1, by id: DRA (the paper), Eq. 8 (cost per visit), Eq. 10
 * (global cost + lambda/T_ref entropy). Other objectives may take other ids (`Objective.id`).
 */
export type ObjectiveId = 'dra' | 'eq8' | 'eq10';

/** Ids of the objectives: DRA (global cost), Eq. 8 (cost per visit), Eq. 10 (global cost + entropy). */
export const OBJECTIVE_IDS: readonly ObjectiveId[] = ['dra', 'eq8', 'eq10'];

/** True for the ids of the built-in objectives (`OBJECTIVE_IDS`); false for a plugin's. */
export function isBuiltInObjective(id: string): id is ObjectiveId {
  return (OBJECTIVE_IDS as readonly string[]).includes(id);
}

/**
 * What the trainer needs of an objective: an episode-by-episode gradient estimate, the
 * deterministic part added once per batch, the value from evaluation rollouts, and its
 * `description` (exact form, kernel path), from which the trainer and the exact evaluator
 * choose what to run. Adding an objective is one file implementing this.
 */
export interface Objective {
  /** The objective's id: one of `OBJECTIVE_IDS` for the built-in ones. */
  readonly id: string;
  readonly lambda: number;
  readonly sigmaBase: number;
  readonly estimator: GradientEstimator;
  /** Eq. 10's T_ref, a length or 'realised' (the other objectives have none). */
  readonly tRef?: number | 'realised';
  /**
   * What the objective declares of itself: its exact form and its kernel path (see
   * `ObjectiveDescription`). Absent, it declares nothing: no exact evaluation, TypeScript rollouts.
   */
  readonly description?: ObjectiveDescription;
  /** Adds one episode's gradient estimate (the part that depends on the episode); `rng` is the rollout's generator. */
  accumulateEpisode(buffer: TrajectoryBuffer, memory: MemoryTable, policy: Policy, gradient: Float64Array, rng?: Rng): void;
  /** Turns the sum over `episodes` episodes into the gradient (mean plus any global term); known memories get 0. */
  finishGradient(memory: MemoryTable, gradient: Float64Array, episodes: number): void;
  /** The objective's value from evaluation rollouts, split into its parts. */
  value(statistics: EpisodeStatistics, memory: MemoryTable): ObjectiveValue;
}

/** gradient <- gradient / episodes on learned memories, 0 on memories known exactly. */
export function averageOverEpisodes(memory: MemoryTable, gradient: Float64Array, episodes: number): void {
  const inv = 1 / episodes;
  const known = memory.known;
  for (let i = 0; i < gradient.length; i++) gradient[i] = known[i] === 0 ? gradient[i]! * inv : 0;
}

/**
 * The global cost of DRA and Eq. 10 (docs/math.md 1): lambda * KL_all over the learned memories.
 */
export function globalMemoryCost(memory: MemoryTable, lambda: number, sigmaBase: number): number {
  return lambda * gaussianKlSum(memory.sigma, sigmaBase, 0, memory.size, memory.known);
}

/**
 * Mean over `episodes` of the summed estimates, then the global cost's gradient
 * -lambda KL'(sigma) on every learned memory (DRA, Eq. 10); known memories get 0.
 */
export function finishWithGlobalCost(memory: MemoryTable, gradient: Float64Array, episodes: number, lambda: number, sigmaBase: number): void {
  // One pass with the operations of averageOverEpisodes, then addGaussianKlGradient (weight
  // -lambda), in their order for each memory: the same bits, the memories read once.
  const inv = 1 / episodes;
  const invB2 = 1 / (sigmaBase * sigmaBase);
  const weight = -lambda;
  const { known, sigma } = memory;
  for (let i = 0; i < gradient.length; i++) {
    if (known[i] !== 0) {
      gradient[i] = 0;
      continue;
    }
    const s = sigma[i]!;
    gradient[i] = gradient[i]! * inv + weight * (s * invB2 - 1 / s);
  }
}

/** Checks lambda >= 0 and sigma_base > 0, naming the bad value. */
export function checkCostSettings(lambda: unknown, sigmaBase: unknown): void {
  if (typeof lambda !== 'number' || !Number.isFinite(lambda) || lambda < 0) {
    throw new BadInputError(`lambda must be a finite number >= 0, got ${String(lambda)}`);
  }
  if (typeof sigmaBase !== 'number' || !Number.isFinite(sigmaBase) || sigmaBase <= 0) {
    throw new BadInputError(`sigmaBase must be a finite number > 0, got ${String(sigmaBase)}`);
  }
}

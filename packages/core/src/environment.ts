import type { MapLayout } from './map-layout.js';
import type { Rng } from './rng.js';
import type { TabularModel } from './tabular-model.js';

/** Version of the environment contract below; plugins declare the version they implement. */
export const ENVIRONMENT_SPECIFICATION_VERSION = 1 as const;

/**
 * What an environment declares (as `kernelModel`) when its `reset` and `step` are exactly the
 * sampling of a tabular model that `TabularEnvironment` of @dra/environments does: the start is
 * `fixedStartState` without a draw, or else one `rng.uniform()` against the start distribution;
 * an action with one outcome takes no draw, one with several takes one `rng.uniform()` against
 * the outcome probabilities in order; an episode ends on entering a terminal state (terminated)
 * or after `stepLimit` steps (truncated). A kernel may then run the episodes from the model
 * alone, with the same draws in the same order (the WebAssembly episodes of @dra/agent).
 * Read it afresh at each episode: the model may be replaced between episodes.
 */
export interface KernelModel {
  /** The model `step` samples now. */
  readonly model: TabularModel;
  /** The start state when the start distribution is one-hot (no draw), else -1. */
  readonly fixedStartState: number;
  /** Steps after which an episode is truncated (a time limit). */
  readonly stepLimit: number;
}

/**
 * What an environment declares (as `kernelDynamics`) when its `reset` and `step` are exactly a
 * dynamics a kernel knows by name, with the same draws in the same order:
 * - 'mountain-car': `MountainCar` of @dra/mountain-car (start position -0.6 + 0.2 rng.uniform(),
 *   velocity 0; its float64 step with @dra/core `cos`; the 19 x 15 tabular index; 3 actions;
 *   reward -1; terminated at position >= 0.5; truncated after `stepLimit` steps).
 * A kernel may then run the episodes from the dynamics alone (the WebAssembly episodes of @dra/agent).
 */
export interface KernelDynamics {
  readonly kind: 'mountain-car';
  /** Steps after which an episode is truncated (a time limit). */
  readonly stepLimit: number;
}

/**
 * The environment contract (Gymnasium-like, allocation-free). `reset` draws the start
 * state; `step` applies an action, returns the reward and updates `state`, `terminated`
 * (a true terminal state: stop bootstrapping) and `truncated` (a time limit: keep
 * bootstrapping). All randomness comes from the `Rng` passed in.
 */
export interface Environment {
  readonly specificationVersion: typeof ENVIRONMENT_SPECIFICATION_VERSION;
  readonly id: string;
  /** Number of tabular states, i.e. rows of the memory table. */
  readonly stateCount: number;
  /** Number of actions of every state (length stateCount); the memory table's layout. */
  readonly actionCounts: Int32Array;
  /** Fixed episode length for fixed-length tasks, Infinity otherwise. */
  readonly horizon: number;
  /** The current tabular model, for environments that expose one. */
  readonly model?: TabularModel | undefined;
  /**
   * The declaration that `reset` and `step` sample a tabular model exactly as `KernelModel`
   * describes, so a kernel may run the episodes in their place; absent or null: they must run
   * through `reset` and `step`. A class that declares it must withdraw it (null) when a subclass
   * replaces `reset` or `step`; `TabularEnvironment` does so by itself.
   */
  readonly kernelModel?: KernelModel | null;
  /**
   * The declaration that `reset` and `step` are a dynamics a kernel knows by name
   * (`KernelDynamics`); absent or null: they must run through `reset` and `step`. A class that
   * declares it must withdraw it (null) when a subclass replaces `reset` or `step`.
   */
  readonly kernelDynamics?: KernelDynamics | null;
  /** Current tabular state. */
  readonly state: number;
  /** Continuous observation of tasks that have one (mountain car: [position, velocity]). */
  readonly observation?: Float64Array;
  /** True once a terminal state is reached: the return ends there and learning stops bootstrapping. */
  readonly terminated: boolean;
  /** True once a time limit stops the episode: not terminal, so learning keeps bootstrapping. */
  readonly truncated: boolean;
  /** Starts an episode (drawing the start from `rng` only) and returns the start state. */
  reset(rng: Rng): number;
  /** Takes `action` (an index below the state's action count), updates `state` and the flags, returns the reward. */
  step(action: number, rng: Rng): number;
  /**
   * Starts an episode from a given state, e.g. to replay a trajectory: a tabular task
   * takes [state index]; a continuous one its observation vector. Throws a RangeError
   * naming the bad value.
   */
  resetTo?(start: ArrayLike<number>): number;
  /** A readable name of a tabular state (a grid cell, a model file's state name), for printed trajectories. */
  stateName?(state: number): string;
  /** A readable name of an action of a state ('up', a model file's action name). */
  actionName?(state: number, action: number): string;
  /** Called by the trainer before each training episode, for scheduled changes. */
  setEpisode?(episode: number): void;
  /**
   * The 2-D map of the states in force at training episode `episode` (figures draw per-state
   * heat maps on it); absent or null when the states have no 2-D arrangement.
   */
  mapLayout?(episode: number): MapLayout | null;
}

import type { Rng } from './rng.js';
import type { TabularModel } from './tabular-model.js';

/** Version of the environment contract below; plugins declare the version they implement. */
export const ENVIRONMENT_SPECIFICATION_VERSION = 1 as const;

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
  /** Called by the trainer before each training episode, for scheduled changes. */
  setEpisode?(episode: number): void;
}

import type { CurvePoint } from '@dra/agent';
import type { ObjectiveId } from '@dra/objectives';

/** What the page asks the worker to train: the maze with the paper's settings but these. */
export interface ViewerSettings {
  objective: ObjectiveId;
  lambda: number;
  beta: number;
  sigma0: number;
  seed: number;
  episodes: number;
  /** Episode of the goal switch (docs/tasks.md 1), or null for none. */
  switchAt: number | null;
  /** Milliseconds the worker waits after each snapshot, to make the learning watchable. */
  paceMs: number;
}

export interface TrainRequest {
  type: 'train';
  settings: ViewerSettings;
}

/** Messages from the training worker. Memories are copies; the worker keeps training its own. */
export type WorkerMessage =
  | { type: 'snapshot'; episode: number; episodes: number; steps: number; mean: Float64Array; sigma: Float64Array; path: Int32Array }
  | { type: 'evaluation'; point: CurvePoint }
  | { type: 'done'; episodes: number; steps: number; seconds: number; final: { objective: number; return: number; memoryCost: number } }
  | { type: 'error'; message: string };

/** Episodes between two snapshots of the memories. */
export const SNAPSHOT_EVERY = 10;

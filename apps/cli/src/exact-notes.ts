import type { Environment } from '@dra/core';
import { DEFAULT_MAX_STEPS } from '@dra/environments';

/**
 * A note for stderr when an exact value leaves out a time limit that may cut episodes (a model
 * file's timeLimit, --max-steps): the exact evaluator follows every episode to its end, while
 * rollouts stop at the limit. Null for tasks with a horizon or only the default safety cap.
 */
export function exactTimeLimitNote(environment: Environment): string | null {
  const limit = (environment as { stepLimit?: unknown }).stepLimit;
  if (typeof limit !== 'number' || !Number.isFinite(limit) || Number.isFinite(environment.horizon) || limit >= DEFAULT_MAX_STEPS) return null;
  return `note: the exact value is of the task without its time limit of ${limit} steps (exact evaluation follows every episode to its end); values from rollouts respect the limit\n`;
}

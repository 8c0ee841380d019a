import type { BetaSchedule } from '@dra/core';

export type { BetaSchedule };

/** Inverse temperature of training episode e: min(beta0 * growth^(e / every), max) (TASKS.md 3). */
export function scheduledBeta(beta0: number, schedule: BetaSchedule | null | undefined, episode: number): number {
  if (!schedule) return beta0;
  return Math.min(beta0 * Math.pow(schedule.growth, episode / schedule.every), schedule.max);
}

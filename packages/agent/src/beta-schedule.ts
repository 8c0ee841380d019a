import { exp, log, type BetaSchedule } from '@dra/core';

export type { BetaSchedule };

/**
 * Inverse temperature of training episode e: min(beta0 * growth^(e / every), max) (docs/tasks.md 3),
 * the power as exp((e / every) log growth) with the toolkit's own exp and log, whose bits are the
 * same on every JavaScript engine (Math.pow's are not).
 */
export function scheduledBeta(beta0: number, schedule: BetaSchedule | null | undefined, episode: number): number {
  if (!schedule) return beta0;
  return Math.min(beta0 * exp((episode / schedule.every) * log(schedule.growth)), schedule.max);
}

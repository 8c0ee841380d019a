import { scheduledBeta } from '@dra/agent';
import { TrajectoryBuffer, type Environment, type MemoryTable, type Rng } from '@dra/core';
import { SoftThompson } from '@dra/policies';
import type { SavedRun } from './saved-run.js';

/** One step of a replayed episode, with the names the environment gives. */
export interface ReplayedStep {
  t: number;
  state: number;
  stateName: string;
  action: number;
  actionName: string;
  reward: number;
  next: number;
  nextName: string;
}

/** One replayed episode and its totals. */
export interface ReplayedEpisode {
  episode: number;
  steps: ReplayedStep[];
  return: number;
  length: number;
  terminated: boolean;
  truncated: boolean;
}

/** Totals over the replayed episodes. */
export interface ReplayTotals {
  episodes: number;
  meanReturn: number;
  /** Standard error of the mean return (null for one episode). */
  standardError: number | null;
  meanLength: number;
  terminated: number;
  truncated: number;
}

/**
 * Plays a trained run's memories for `episodes` episodes: by soft Thompson sampling at the beta
 * the run ended with (its schedule's last value), as it trained, or `greedy` (the action of the
 * largest mean, the first on ties; no noise). Each episode goes to `onEpisode` as soon as it
 * ends (only one episode's steps are held at a time); the totals come back.
 */
export function replayTrainedRun(run: SavedRun, episodes: number, rng: Rng, greedy: boolean, onEpisode: (episode: ReplayedEpisode) => void): { totals: ReplayTotals; beta: number | null } {
  const { environment, memory, settings } = run;
  const beta = scheduledBeta(settings.beta, settings.betaSchedule ?? null, Math.max(0, settings.episodes - 1));
  const policy = new SoftThompson({ beta });
  const buffer = new TrajectoryBuffer(Math.max(1, memory.maxActions), 256);
  const returns: number[] = [];
  let steps = 0;
  let terminated = 0;
  let truncated = 0;
  for (let e = 0; e < episodes; e++) {
    const played: ReplayedStep[] = [];
    let state = environment.reset(rng);
    let total = 0;
    buffer.clear();
    while (!environment.terminated && !environment.truncated) {
      const t = buffer.push(state);
      const action = greedy ? greedyAction(memory, state) : policy.act(memory, state, rng, buffer, t);
      const reward = environment.step(action, rng);
      total += reward;
      played.push({ t, state, stateName: nameOf(environment, state), action, actionName: environment.actionName?.(state, action) ?? String(action), reward, next: environment.state, nextName: nameOf(environment, environment.state) });
      state = environment.state;
    }
    returns.push(total);
    steps += played.length;
    if (environment.terminated) terminated++;
    if (environment.truncated) truncated++;
    onEpisode({ episode: e, steps: played, return: total, length: played.length, terminated: environment.terminated, truncated: environment.truncated });
  }
  const mean = returns.reduce((a, b) => a + b, 0) / episodes;
  const variance = episodes > 1 ? returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (episodes - 1) : NaN;
  return {
    beta: greedy ? null : beta,
    totals: { episodes, meanReturn: mean, standardError: episodes > 1 ? Math.sqrt(variance / episodes) : null, meanLength: steps / episodes, terminated, truncated },
  };
}

/** The action of the largest mean q(s, a); the first of equal ones. */
export function greedyAction(memory: MemoryTable, state: number): number {
  const first = memory.actionStart[state]!;
  const end = memory.actionStart[state + 1]!;
  let best = first;
  for (let i = first + 1; i < end; i++) if (memory.mean[i]! > memory.mean[best]!) best = i;
  return best - first;
}

const nameOf = (environment: Environment, state: number) => environment.stateName?.(state) ?? String(state);

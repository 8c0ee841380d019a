import { describe, expect, it } from 'vitest';
import { runExperiment } from './experiment.js';
import { defaultSettings } from './run-settings.js';

const maze = { ...defaultSettings('maze'), evalRollouts: 50, seed: 3 };

describe('what a run reports at its end: final (the paper) and last (after the last episode)', () => {
  it('300 episodes, an evaluation every 100: final averages episodes 0, 100, 200; last is one more evaluation after episode 299', () => {
    const run = runExperiment({ ...maze, episodes: 300, evalEvery: 100 });
    expect(run.finalEpisodes).toEqual([0, 100, 200]);
    expect(run.curve.map((p) => p.episode)).toEqual([0, 100, 200]);
    expect(run.last.episode).toBe(299);
    expect(run.last.extra).toBe(true);
    expect(run.last.rollouts).toBe(50);
    // Every rollout takes at least one step; the extra steps stay out of the paper's workload counts.
    expect(run.last.extraSteps).toBeGreaterThanOrEqual(50);
    expect(run.steps.total).toBe(run.steps.learning + run.steps.gradient + run.steps.evaluation);
  });

  it('the extra evaluation changes neither the curve nor the memory: the same run with the evaluation at 299 on the curve agrees on both up to it', () => {
    const without = runExperiment({ ...maze, episodes: 300, evalEvery: 100 });
    const longer = runExperiment({ ...maze, episodes: 301, evalEvery: 100 });
    expect(JSON.stringify(longer.curve.slice(0, 3))).toBe(JSON.stringify(without.curve));
    // The evaluation stream is separate: the extra evaluation after episode 299 draws what the
    // evaluation at episode 300 of the longer run draws, on a memory one episode less trained.
    expect(longer.last.extra).toBe(false);
    expect(longer.last.episode).toBe(300);
    expect(longer.last.objective).toBe(longer.curve.at(-1)!.objective);
    expect(longer.last.extraSteps).toBe(0);
  });

  it('the paper preset keeps its definition: 5000 episodes average the evaluations at 4700, 4800 and 4900', () => {
    const run = runExperiment({ ...maze, episodes: 5000, evalRollouts: 5 });
    expect(run.finalEpisodes).toEqual([4700, 4800, 4900]);
    expect(run.last.episode).toBe(4999);
    expect(run.last.extra).toBe(true);
  });
});

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
    // Every rollout takes at least one step (the goal is 14 moves from the start at best).
    expect(run.last.extraSteps).toBeGreaterThanOrEqual(50 * 14);
  });

  it('the extra evaluation changes neither the memory nor the training steps: the same run evaluated every episode trains the same bits', () => {
    let stepsAtTheEnd = 0;
    const sparse = runExperiment({ ...maze, episodes: 300, evalEvery: 100 }, { onProgress: (e) => e.type === 'episode' && (stepsAtTheEnd = e.steps) });
    const dense = runExperiment({ ...maze, episodes: 300, evalEvery: 1 });
    // Training does not depend on how often one evaluates (separate streams), so the memories agree.
    expect(JSON.stringify(sparse.memory)).toBe(JSON.stringify(dense.memory));
    expect([sparse.steps.learning, sparse.steps.gradient]).toEqual([dense.steps.learning, dense.steps.gradient]);
    expect(sparse.last.extra).toBe(true);
    // The dense curve ends after episode 299: its last point is 'last', with no extra evaluation.
    expect(dense.last).toMatchObject({ episode: 299, extra: false, extraSteps: 0, objective: dense.curve.at(-1)!.objective });
    // The extra rollouts come after the last episode and stay out of the step counts.
    expect(sparse.steps.total).toBe(stepsAtTheEnd);
    expect(sparse.last.extraSteps).toBeGreaterThan(0);
  });

  it('the paper preset keeps its definition: 5000 episodes average the evaluations at 4700, 4800 and 4900', () => {
    const run = runExperiment({ ...maze, episodes: 5000, evalRollouts: 5 });
    expect(run.finalEpisodes).toEqual([4700, 4800, 4900]);
    expect(run.last.episode).toBe(4999);
    expect(run.last.extra).toBe(true);
  });
});

import { defaultSettings, runExperiment, type RunRecord, type RunSettings } from '@dra/agent';
import { GridWorld } from '@dra/environments';
import { describe, expect, it } from 'vitest';
import { createPaperRegistry } from '../paper-registry.js';
import { mazeChecks, mazeSeries, switchSummary } from './maze-summary.js';

const registry = createPaperRegistry();
const maze = defaultSettings('maze', registry);
const seeds = [1, 2, 3, 4, 5];
const runs = (over: Partial<RunSettings>): RunRecord[] => seeds.map((seed) => runExperiment({ ...maze, episodes: 5000, ...over, seed }, { registry }));
const passes = (checks: { id: string; pass: boolean }[]) => Object.fromEntries(checks.map((c) => [c.id, c.pass]));

/**
 * Every maze claim of the reproduce report holds for the paper's agent and fails on a
 * deliberately wrong one (oracles: docs/tasks.md 1's ranges, the C reference's means at episode 500
 * and 5000, the poster's switch panels).
 */
describe('the maze checks of dra reproduce have the power to fail', () => {
  const right = new Map([1, 3, 5].map((sigma0) => [sigma0, mazeSeries(sigma0, runs({ sigma0 }))]));

  it('pass for the paper agent, 5 seeds per sigma0', () => {
    const checks = passes(mazeChecks([...right.values()], null));
    expect(Object.entries(checks).filter(([, pass]) => !pass)).toEqual([]);
    expect(Object.keys(checks)).toHaveLength(14);
  });

  it('fail when the memory cost is left out of the objective (lambda 0): objective, cost and the sigma0 = 3 final value', () => {
    const checks = passes(mazeChecks([mazeSeries(3, runs({ sigma0: 3, lambda: 0 }))], null));
    expect(checks['maze.sigma0-3.objective']).toBe(false);
    expect(checks['maze.sigma0-3.memoryCost']).toBe(false);
    expect(checks['maze.sigma0-3.finalObjective']).toBe(false);
  });

  it('fail on a policy ten times too hot (beta 1): the return', () => {
    const checks = passes(mazeChecks([mazeSeries(3, runs({ sigma0: 3, beta: 1 }))], null));
    expect(checks['maze.sigma0-3.return']).toBe(false);
  });

  it('fail when sigma0 = 1 and sigma0 = 5 are mixed up: convergence speed, initial cost and the values at episode 500', () => {
    const swapped = [{ ...right.get(5)!, sigma0: 1 }, { ...right.get(1)!, sigma0: 5 }];
    const checks = passes(mazeChecks(swapped, null));
    expect(checks['maze.faster-with-high-initial-resources']).toBe(false);
    expect(checks['maze.initial-cost']).toBe(false);
    expect(checks['maze.sigma0-1.objectiveAt500']).toBe(false);
    expect(checks['maze.sigma0-5.objectiveAt500']).toBe(false);
  });

  it('pass the switch check over 10 seeds, and fail it when the map never switches', () => {
    const summary = (switchAt: number) => {
      const options = { ...maze.envOptions, switchAt };
      const pairs = [...seeds, 6, 7, 8, 9, 10].map((seed) => ({
        seed,
        before: runExperiment({ ...maze, envOptions: options, seed, episodes: 3000 }, { registry }),
        after: runExperiment({ ...maze, envOptions: options, seed, episodes: 5000 }, { registry }),
      }));
      // Paths of the maze switched at 3000 either way: the wrong variant is the agent's world, not the judge's.
      const environment = registry.create('maze', { ...maze.envOptions, switchAt: 3000 });
      if (!(environment instanceof GridWorld)) throw new Error('the maze is a grid world');
      return switchSummary(environment, 3000, pairs);
    };
    const switched = summary(3000);
    expect(passes(mazeChecks([], switched))['maze.switch']).toBe(true);
    expect(switched.seeds).toHaveLength(10);
    expect(passes(mazeChecks([], summary(1_000_000)))['maze.switch']).toBe(false);
  });
});

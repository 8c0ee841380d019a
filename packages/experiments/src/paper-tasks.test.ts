import { Rng } from '@dra/core';
import { createBuiltInRegistry, createHuysTask, HUYS_GRAPH, huysIndex } from '@dra/environments';
import { mountainCarPlugin } from '@dra/mountain-car';
import { describe, expect, it } from 'vitest';
import { choiceImportance, spearman } from './choice-importance.js';
import { defaultSettings, initialMemory, markKnownFinalMoves, runExperiment, SettingsError } from '@dra/agent';
import { MemoryTable } from '@dra/core';

const registry = () => createBuiltInRegistry().register(mountainCarPlugin);

describe('the planning task with the paper preset (docs/tasks.md 2)', () => {
  it('knows the last move exactly: q = reward, sigma = 1, flagged, 12 memories', () => {
    const env = createHuysTask();
    const memory = new MemoryTable(env.actionCounts, { sigma: 100 });
    expect(markKnownFinalMoves(env, memory, 1)).toBe(12);
    for (let s = 1; s <= 6; s++) {
      for (const a of [0, 1]) {
        const i = memory.index(huysIndex(2, s), a);
        expect(memory.mean[i]).toBe(HUYS_GRAPH[s - 1]![a]![1]);
        expect(memory.sigma[i]).toBe(1);
        expect(memory.known[i]).toBe(1);
      }
    }
    expect(memory.knownCount()).toBe(12);
  });

  it('keeps the known memories fixed while training, and leaves them out of the memory cost', () => {
    const settings = { ...defaultSettings('huys'), episodes: 300, evalEvery: 100, evalRollouts: 50 };
    const run = runExperiment(settings);
    expect(run.memory.known!.slice(12, 18).every((row) => row.every(Boolean))).toBe(true);
    expect(run.memory.mean[huysIndex(2, 1)]).toEqual([140, 20]);
    expect(run.memory.sigma[huysIndex(2, 1)]).toEqual([1, 1]);
    // 12 learned memories between sigma 1 and 100 cost at most 12 * KL(1 || 100) = 12 * 4.10505 (closed form).
    for (const p of run.curve) expect(p.memoryCost).toBeLessThanOrEqual(12 * (Math.log(100) - 0.5 + 0.5e-4) + 1e-9);
  });

  it('remembers more precisely the choices that change cumulative reward more (the paper Fig. 3 claim)', () => {
    for (const seed of [1, 2, 3]) {
      const run = runExperiment({ ...defaultSettings('huys'), seed, evalRollouts: 1000 });
      const rows = choiceImportance(createHuysTask().model, MemoryTable.fromRows(run.memory), 1);
      // Rank correlation of reward difference and sigma over the 12 learned states.
      expect(spearman(rows.map((r) => r.rewardDifference), rows.map((r) => r.sigma))).toBeLessThan(-0.5);
      expect(run.final.return).toBeGreaterThan(40); // random choice earns 1/6 * sum of mean path returns = 4.2
    }
  });
});

describe('mountain car with the paper preset (docs/tasks.md 3)', () => {
  it('learns to reach the goal: mean return better than -200 by episode 5000, on every seed', () => {
    const finals = [1, 2, 3].map((seed) => runExperiment({ ...defaultSettings('mountain-car', registry()), seed }, { registry: registry() }).final.return);
    for (const r of finals) expect(r).toBeGreaterThan(-200);
    expect(finals.reduce((s, r) => s + r, 0) / finals.length).toBeGreaterThan(-190);
  });

  it('draws the initial q uniformly in [-1, 1] from the seed, and raises beta on schedule', () => {
    const env = mountainCarPlugin.create();
    const settings = defaultSettings('mountain-car', registry());
    const a = initialMemory(env, settings, Rng.create(4));
    const b = initialMemory(env, settings, Rng.create(4));
    expect(Array.from(a.mean)).toEqual(Array.from(b.mean));
    expect(Math.min(...a.mean)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...a.mean)).toBeLessThan(1);
    const mean = a.mean.reduce((s, v) => s + v, 0) / a.size;
    expect(Math.abs(mean)).toBeLessThan(5 * Math.sqrt(1 / 3 / a.size)); // uniform [-1, 1]: variance 1/3
    expect(settings.betaSchedule).toEqual({ growth: 1.5, every: 1000, max: 10 });
  });
});

describe('run settings from the registry', () => {
  it('takes the paper settings and option defaults from the plugin', () => {
    expect(defaultSettings('huys')).toMatchObject({ env: 'huys', envOptions: { depth: 3 }, lambda: 1, beta: 10, sigma0: 100, sigmaBase: 100, sigmaMin: 1, sigmaMax: 100, gamma: 1, knownFinalMoves: true, episodes: 60_000 });
    expect(defaultSettings('maze')).toMatchObject({ envOptions: { switchAt: null, maxSteps: 100_000 }, sigma0: 3, estimator: 'A' });
    expect(() => defaultSettings('moon')).toThrow(/unknown environment "moon" \(known: huys, maze\)/);
  });

  it('reports unknown environments and bad environment options, naming each', () => {
    const problems = (patch: object) => {
      try {
        runExperiment({ ...defaultSettings('huys'), episodes: 1, ...patch });
      } catch (error) {
        return (error as SettingsError).problems;
      }
      return [];
    };
    expect(problems({ env: 'moon' })).toEqual([{ field: 'env', value: 'moon', expected: 'one of huys, maze' }]);
    expect(problems({ envOptions: { depth: 0 } })).toEqual([{ field: 'envOptions.depth', value: 0, expected: 'a whole number >= 1' }]);
    expect(problems({ envOptions: { depth: 2.5 } })[0]).toMatchObject({ field: 'envOptions.depth', expected: 'a whole number' });
    expect(problems({ envOptions: { dept: 3 } })[0]).toMatchObject({ field: 'envOptions.dept', expected: 'an option of huys (its options: depth)' });
    expect(problems({ qInit: [1, -1] })[0]).toMatchObject({ field: 'qInit' });
    expect(problems({ betaSchedule: { growth: 1.5, every: 0, max: 10 } })[0]).toMatchObject({ field: 'betaSchedule' });
  });

  it('refuses known final moves on an environment without a tabular model', () => {
    const settings = { ...defaultSettings('mountain-car', registry()), episodes: 1, knownFinalMoves: true };
    expect(() => runExperiment(settings, { registry: registry() })).toThrow(/knownFinalMoves must be false: environment mountain-car exposes no tabular model/);
  });
});

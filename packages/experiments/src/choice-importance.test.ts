import { buildTabularModel, MemoryTable } from '@dra/core';
import { createHuysTask, huysIndex } from '@dra/environments';
import { describe, expect, it } from 'vitest';
import { choiceImportance, optimalActionValues, pearson, slope, spearman } from './choice-importance.js';
import { markKnownFinalMoves } from '@dra/agent';

describe('optimal action values and choice importance', () => {
  it('gives the best 3-move returns 100, 0, 50, 50, 100, 100 of the planning task (oracle: docs/tasks.md 2)', () => {
    const env = createHuysTask();
    const q = optimalActionValues(env.model, 1);
    const best = [1, 2, 3, 4, 5, 6].map((s) => Math.max(q[2 * huysIndex(0, s)]!, q[2 * huysIndex(0, s) + 1]!));
    expect(best).toEqual([100, 0, 50, 50, 100, 100]);
  });

  it('reports, per learned state, the reward difference of its choices and the d\' of their memories', () => {
    const env = createHuysTask();
    const memory = new MemoryTable(env.actionCounts, { sigma: 3 });
    markKnownFinalMoves(env, memory, 1);
    const s = huysIndex(1, 6); // state 6 with one move made: 0 -> 1 (-20) then 140 = 120; 1 -> 3 (+20) then -20 = 0
    memory.mean[2 * s] = 10;
    memory.mean[2 * s + 1] = 4;
    memory.sigma[2 * s + 1] = 4;
    const rows = choiceImportance(env.model, memory, 1);
    expect(rows.map((r) => r.state)).toEqual([...Array(12).keys()]); // the last move's memories are known
    const row = rows.find((r) => r.state === s)!;
    expect(row.rewardDifference).toBe(120);
    expect(row.dPrime).toBeCloseTo(6 / 5, 14); // |10 - 4| / sqrt(3^2 + 4^2)
    expect(row.sigma).toBe(3.5);
  });

  it('refuses to iterate forever on an undiscounted task without a horizon', () => {
    // One state whose only action loops back at reward -1: Q* = -1 / (1 - gamma), infinite at gamma = 1.
    const loop = buildTabularModel({ actions: [[[{ next: 0, probability: 1, reward: -1 }]]], start: [1] });
    expect(() => optimalActionValues(loop, 1, 1e-10, 50)).toThrow(/did not converge in 50 sweeps/);
    expect(optimalActionValues(loop, 0.5)[0]).toBeCloseTo(-2, 9);
  });

  it('computes correlations and slopes (closed forms)', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 14);
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 64])).toBeCloseTo(1, 14);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 14);
    expect(spearman([1, 1, 2], [1, 2, 3])).toBeCloseTo(0.8660254037844387, 12); // ties share their mean rank
    expect(slope([0, 1, 2], [1, 3, 5])).toBeCloseTo(2, 14);
    expect(pearson([1, 1], [1, 2])).toBeNaN();
  });
});

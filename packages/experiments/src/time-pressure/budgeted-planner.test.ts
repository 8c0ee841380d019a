import { MemoryTable, Rng } from '@dra/core';
import { createHuysTask, huysIndex } from '@dra/environments';
import { mathChainA } from '@dra/environments/testing';
import { SoftThompson } from '@dra/policies';
import { describe, expect, it } from 'vitest';
import { BudgetedPlanner } from './budgeted-planner.js';
import { optimalActionValues } from '../choice-importance.js';

describe('BudgetedPlanner', () => {
  const env = createHuysTask();

  it('spends the budget in whole paths: budget 3 samples one 3-move path, budget 7 three', () => {
    const memory = new MemoryTable(env.actionCounts, { sigma: 50 });
    const policy = new SoftThompson({ beta: 10 });
    const rng = Rng.create(1);
    const one = new BudgetedPlanner(env.model, 3);
    one.plan(memory, policy, huysIndex(0, 1), rng);
    expect(one.buffer.length).toBe(3);
    const three = new BudgetedPlanner(env.model, 7);
    const best = three.plan(memory, policy, huysIndex(0, 1), rng);
    expect(three.buffer.length).toBe(9);
    const returns = [0, 3, 6].map((t) => three.buffer.rewards[t]! + three.buffer.rewards[t + 1]! + three.buffer.rewards[t + 2]!);
    expect(best).toBe(Math.max(...returns));
  });

  it('finds the best path with exact memories: returns 100, 0, 50, 50, 100, 100 (oracle: docs/tasks.md 2)', () => {
    const memory = new MemoryTable(env.actionCounts, { sigma: 1e-6 });
    memory.mean.set(optimalActionValues(env.model, 1));
    const planner = new BudgetedPlanner(env.model, 3);
    const policy = new SoftThompson({ beta: 10 });
    const rng = Rng.create(2);
    expect([1, 2, 3, 4, 5, 6].map((s) => planner.plan(memory, policy, huysIndex(0, s), rng))).toEqual([100, 0, 50, 50, 100, 100]);
  });

  it('with the whole tree as budget and random choices, usually finds the best path', () => {
    const memory = new MemoryTable(env.actionCounts, { sigma: 100 });
    const planner = new BudgetedPlanner(env.model, 24);
    const policy = new SoftThompson({ beta: 10 });
    const rng = Rng.create(3);
    let hits = 0;
    for (let n = 0; n < 2000; n++) if (planner.plan(memory, policy, huysIndex(0, 1), rng) === 100) hits++;
    // Chance of missing the best of 8 paths in 8 uniform draws is (7/8)^8 = 0.344 (closed form).
    expect(Math.abs(hits / 2000 - (1 - (7 / 8) ** 8))).toBeLessThan(5 * Math.sqrt(0.656 * 0.344 / 2000));
  });

  it('rejects stochastic models and budgets below 1', () => {
    expect(() => new BudgetedPlanner(env.model, 0)).toThrow(/budget must be a whole number >= 1, got 0/);
    // docs/math.md chain (a): action 1 of state 0 has two outcomes.
    expect(() => new BudgetedPlanner(mathChainA().model, 3)).toThrow(/deterministic model; memory 1 has 2 outcomes/);
  });
});

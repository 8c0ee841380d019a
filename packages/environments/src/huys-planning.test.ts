import { Rng, type TabularModel } from '@dra/core';
import { describe, expect, it } from 'vitest';
import { createHuysTask, huysIndex } from './huys-planning.js';

/** Best achievable return from every state, by backward induction on the tabular model. */
function bestReturns(model: TabularModel): Float64Array {
  const best = new Float64Array(model.stateCount);
  for (let s = model.stateCount - 1; s >= 0; s--) {
    if (model.terminal[s]) continue;
    let top = -Infinity;
    for (let i = model.actionStart[s]!; i < model.actionStart[s + 1]!; i++) {
      const j = model.transitionStart[i]!; // deterministic: one outcome
      top = Math.max(top, model.reward[j]! + best[model.nextState[j]!]!);
    }
    best[s] = top;
  }
  return best;
}

describe('the Huys planning task (docs/tasks.md 2)', () => {
  it('has best 3-move returns 100, 0, 50, 50, 100, 100 from states 1..6 (oracle: docs/tasks.md 2)', () => {
    const env = createHuysTask({ depth: 3 });
    const best = bestReturns(env.model);
    expect([1, 2, 3, 4, 5, 6].map((s) => best[huysIndex(0, s)])).toEqual([100, 0, 50, 50, 100, 100]);
  });

  it('indexes memories by (moves made, state), two actions each, then a terminal layer with none', () => {
    const env = createHuysTask({ depth: 3 });
    expect(env.stateCount).toBe(24);
    expect(Array.from(env.actionCounts)).toEqual([...new Array(18).fill(2), ...new Array(6).fill(0)]);
    expect(env.horizon).toBe(3);
  });

  it('starts uniformly and always lasts exactly depth moves, ending in a terminal state', () => {
    const env = createHuysTask({ depth: 3 });
    const rng = Rng.create(1);
    const starts = new Array(6).fill(0);
    for (let n = 0; n < 60_000; n++) {
      const s = env.reset(rng);
      starts[s]++;
      let moves = 0;
      while (!env.terminated && !env.truncated) {
        env.step(rng.integer(2), rng);
        moves++;
      }
      expect(moves).toBe(3);
      expect(env.terminated).toBe(true);
    }
    for (const count of starts) expect(Math.abs(count / 60_000 - 1 / 6) / Math.sqrt((1 / 6) * (5 / 6) / 60_000)).toBeLessThan(5);
  });

  it('follows the graph: from state 1, action 0 gives +140 and leads to state 2', () => {
    const env = createHuysTask();
    const rng = Rng.create(3);
    do env.reset(rng);
    while (env.state !== huysIndex(0, 1));
    expect(env.step(0, rng)).toBe(140);
    expect(env.state).toBe(huysIndex(1, 2));
  });

  it('rejects depth 0 or a non-integer depth', () => {
    expect(() => createHuysTask({ depth: 0 })).toThrow(/depth must be a whole number >= 1, got 0/);
    expect(() => createHuysTask({ depth: 2.5 })).toThrow(/depth/);
  });
});

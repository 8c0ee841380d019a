import { gaussianKl, Rng } from '@dra/core';
import { createHuysTask, huysIndex } from '@dra/environments';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TreeSearchAllocator, type PlanningTrials } from './tree-search-allocator.js';

const huys = createHuysTask({ depth: 3 });
const allocator = (budget: number) => new TreeSearchAllocator(huys, { depth: 3, budget, lambda: 1, sigmaBase: 100, knownSigma: 1 });
/** Memory index of (moves made, task state 1..6, action). */
const memoryOf = (movesMade: number, state: number, action: number) => 2 * huysIndex(movesMade, state) + action;
/** One trial from task state `state` (moves made 0) with the noise given (zero elsewhere). */
const oneTrial = (state: number, zeta: Record<number, number> = {}): PlanningTrials => {
  const z = new Float64Array(36);
  for (const [m, v] of Object.entries(zeta)) z[Number(m)] = v;
  return { count: 1, memories: 36, start: Int32Array.of(huysIndex(0, state)), zeta: z };
};

describe('TreeSearchAllocator on the Huys task, depth 3 (docs/tasks.md 2)', () => {
  it('holds the true cumulative values: first layer 100, 20, -20, 0, -20, 50, ... (oracle: backward induction by hand, e.g. state 1 action 0 = 140 + (-20) + max(-20, -70) = 100)', () => {
    const a = allocator(3);
    expect(Array.from(a.q.slice(0, 12))).toEqual([100, 20, -20, 0, -20, 50, -20, 50, 50, 100, 100, 20]);
    expect(Array.from(a.q.slice(12, 24))).toEqual([120, 40, -40, -90, 0, -50, 0, -40, 70, 0, 120, 0]);
    expect(Array.from(a.q.slice(24, 36))).toEqual([140, 20, -20, -70, -20, -70, 20, -20, -70, -20, -20, 20]);
    expect(a.learned).toHaveLength(24);
    expect(Array.from(a.starts)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(a.trees.maxEdges).toBe(14);
    expect(Array.from(a.trees.paths.slice(0, 6))).toEqual([8, 8, 8, 8, 8, 8]);
    expect(a.trees.paths[6]).toBe(0); // a state with 2 moves left cannot start a 3-move search
  });

  it('follows the noisy arg-max and takes the best true path found: noise that hides the best first move costs 80 at budget 3', () => {
    const sigma = allocator(3).sigmaOf(new Array(24).fill(10), 'flexible');
    // Without noise the search walks the optimal path from state 1: return 100.
    expect(allocator(3).trialReturn(sigma, oneTrial(1), 0)).toBe(100);
    // zeta = -10 on (state 1, action 0): q~ = 100 - 100 = 0 < 20, so it goes right (+20) and earns q(1, right) = 20.
    const hidden = oneTrial(1, { [memoryOf(0, 1, 0)]: -10 });
    expect(allocator(3).trialReturn(sigma, hidden, 0)).toBe(20);
  });

  it('never re-expands a finished branch: the 4 paths below the first edge come before the other edge, whatever the noise', () => {
    const sigma = allocator(3).sigmaOf(new Array(24).fill(10), 'flexible');
    const hidden = oneTrial(1, { [memoryOf(0, 1, 0)]: -10 });
    // Budgets 3..12 spend 1..4 paths, all below the right edge (it has 4 leaves): best 20.
    for (const budget of [3, 6, 9, 12]) expect(allocator(budget).trialReturn(sigma, hidden, 0)).toBe(20);
    // The 5th path must take the left edge, its branch being the only one not finished: 100.
    for (const budget of [15, 24, 30]) expect(allocator(budget).trialReturn(sigma, hidden, 0)).toBe(100);
  });

  it('finds the best return of every start (100, 0, 50, 50, 100, 100; docs/tasks.md 2) with the whole tree as budget, for any noise', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 100, noNaN: true }), { minLength: 24, maxLength: 24 }), fc.integer({ min: 0, max: 1e6 }), (s, seed) => {
        const a = allocator(24);
        const trials = a.drawTrials(30, Rng.create(seed));
        const sigma = a.sigmaOf(s, 'flexible');
        const best = [100, 0, 50, 50, 100, 100];
        for (let t = 0; t < trials.count; t++) expect(a.trialReturn(sigma, trials, t)).toBe(best[trials.start[t]!]);
      }),
      { numRuns: 30 },
    );
  });

  it('gives budgets 3 and 6 the same return on every trial: the second path differs from the first only in the known last move (sigma 1 against reward gaps >= 40)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 100, noNaN: true }), { minLength: 24, maxLength: 24 }), fc.integer({ min: 0, max: 1e6 }), (s, seed) => {
        const a3 = allocator(3);
        const a6 = allocator(6);
        const trials = a3.drawTrials(50, Rng.create(seed));
        const sigma = a3.sigmaOf(s, 'flexible');
        for (let t = 0; t < trials.count; t++) expect(a6.trialReturn(sigma, trials, t)).toBe(a3.trialReturn(sigma, trials, t));
      }),
      { numRuns: 30 },
    );
  });

  it('costs lambda * sum of KL over the 24 learned memories only (oracle: closed form KL = ln(sb / s) + s^2 / (2 sb^2) - 1/2)', () => {
    const a = allocator(3);
    expect(a.memoryCost(a.sigmaOf([100], 'equal'))).toBe(0);
    expect(a.memoryCost(a.sigmaOf([1], 'equal'))).toBeCloseTo(24 * (Math.log(100) + 1 / 20_000 - 0.5), 10);
    const b = new TreeSearchAllocator(huys, { depth: 3, budget: 3, lambda: 2.5, sigmaBase: 100, knownSigma: 1 });
    expect(b.memoryCost(b.sigmaOf([30], 'equal'))).toBeCloseTo(2.5 * 24 * gaussianKl(30, 100), 12);
    // Equal precision is the flexible allocation with every sigma the same.
    const trials = a.drawTrials(200, Rng.create(3));
    expect(a.objective([37], 'equal', trials)).toBe(a.objective(new Array(24).fill(37), 'flexible', trials));
  });

  it('draws the same trials for the same seed (common random numbers)', () => {
    const a = allocator(9);
    const x = a.drawTrials(100, Rng.create(5));
    const y = a.drawTrials(100, Rng.create(5));
    expect(Array.from(x.start)).toEqual(Array.from(y.start));
    expect(Array.from(x.zeta)).toEqual(Array.from(y.zeta));
  });

  it('rejects a budget that cannot complete one path, and bad settings, naming the field', () => {
    expect(() => allocator(2)).toThrow(/budget must be at least depth \(3\)/);
    expect(() => new TreeSearchAllocator(huys, { depth: 3, budget: 3, lambda: -1, sigmaBase: 100, knownSigma: 1 })).toThrow(/lambda must be a finite number >= 0, got -1/);
    expect(() => allocator(3).sigmaOf([1, 2], 'equal')).toThrow(/equal allocation has 1 parameters, got 2/);
  });
});

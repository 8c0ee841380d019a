import { describe, expect, it } from 'vitest';
import { slope } from '../choice-importance.js';
import { compareUnderTimePressure, TIME_PRESSURE_DEFAULTS, trainUnderTimePressure } from './gradient-time-pressure.js';
import { fullBudgets, mergeTimePressureComparisons } from './time-pressure.js';

const quick = { ...TIME_PRESSURE_DEFAULTS, trials: 20_000, evalTrials: 4000 };

describe('planning under time pressure (docs/tasks.md 2)', () => {
  it('uses budgets 3, 6, ..., 24 for depth 3 (the whole tree is 8 paths of 3 moves)', () => {
    expect(fullBudgets(3)).toEqual([3, 6, 9, 12, 15, 18, 21, 24]);
  });

  it('flexible allocation beats equal precision under strong time pressure, and the gap closes with the full budget (poster: +5 at 3, -1.3 at 24)', () => {
    const { rows } = compareUnderTimePressure(quick, [3, 24], [1, 2, 3]);
    const [tight, full] = rows as [(typeof rows)[0], (typeof rows)[0]];
    expect(tight.difference - 3 * tight.differenceStandardError).toBeGreaterThan(0);
    expect(Math.abs(full.difference)).toBeLessThan(tight.difference);
    expect(tight.poster).toBe(5);
    // Under pressure d' grows more steeply with the reward difference of a choice.
    expect(tight.dPrime.flexible.slope).toBeGreaterThan(full.dPrime.flexible.slope);
    expect(tight.dPrime.flexible.correlation).toBeGreaterThan(0.5);
    // The row lists the points behind its slopes: 3 seeds x 2 allocations x 12 learned choices (6 states with 3 or 2 moves left).
    expect(tight.choices).toHaveLength(3 * 2 * 12);
    const slopes = [1, 2, 3].map((seed) => {
      const own = tight.choices.filter((c) => c.allocation === 'flexible' && c.seed === seed);
      return slope(own.map((c) => c.rewardDifference), own.map((c) => c.dPrime));
    });
    expect(tight.dPrime.flexible.slope).toBeCloseTo((slopes[0]! + slopes[1]! + slopes[2]!) / 3, 12);
  });

  it('merges comparisons run on disjoint seeds into exactly the comparison over all of them', () => {
    const short = { ...quick, trials: 300, evalTrials: 200 };
    const whole = compareUnderTimePressure(short, [3, 9], [4, 5, 6]);
    const parts = [[4], [5, 6]].map((seeds) => compareUnderTimePressure(short, [3, 9], seeds));
    expect(mergeTimePressureComparisons(parts)).toEqual(whole);
    expect(() => mergeTimePressureComparisons([parts[0]!, parts[0]!])).toThrow(/disjoint seeds, got 4,4/);
    expect(() => mergeTimePressureComparisons([parts[0]!, compareUnderTimePressure({ ...short, lambda: 2 }, [3, 9], [7])])).toThrow(/share the model and every setting/);
  });

  it('keeps one shared sigma under equal precision, is deterministic for a seed, and leaves the last move known', () => {
    const settings = { ...quick, trials: 500, evalTrials: 100, budget: 6, allocation: 'equal' as const };
    const a = trainUnderTimePressure(settings);
    const b = trainUnderTimePressure(settings);
    expect(Array.from(a.memory.sigma)).toEqual(Array.from(b.memory.sigma));
    expect(a.objective).toBe(b.objective);
    const learned = a.memory.sigma.slice(0, 24);
    expect(new Set(learned).size).toBe(1);
    expect(Array.from(a.memory.sigma.slice(24, 36))).toEqual(new Array(12).fill(1));
  });

  it('rejects bad settings, naming the field and value', () => {
    expect(() => trainUnderTimePressure({ ...quick, budget: 0, allocation: 'flexible' })).toThrow(/budget must be a whole number >= 1, got 0/);
    expect(() => trainUnderTimePressure({ ...quick, budget: 3, allocation: 'shared' as never })).toThrow(/allocation must be flexible or equal, got shared/);
    expect(() => trainUnderTimePressure({ ...quick, budget: 3, allocation: 'flexible', lambda: -1 })).toThrow(/lambda must be a finite number >= 0, got -1/);
    expect(() => trainUnderTimePressure({ ...quick, budget: 3, allocation: 'flexible', nTraj: 1 })).toThrow(/nTraj must be >= 2 with the leave-one-out baseline/);
  });
});

describe('the gradient learner against its optimiser artefact (docs/tasks.md 2)', () => {
  it('reports flexible >= equal within 2 standard errors at every budget on 3 seeds, with the flexible arm started from the equal optimum', () => {
    const c = compareUnderTimePressure(TIME_PRESSURE_DEFAULTS, fullBudgets(3), [1, 2, 3]);
    for (const row of c.rows) expect(row.difference + 2 * row.differenceStandardError, `budget ${row.budget}`).toBeGreaterThanOrEqual(0);
  });

  it('shows the artefact with the paper\'s constant step from sigma0: flexible behind equal by more than 2 standard errors with the whole tree', () => {
    const c = compareUnderTimePressure({ ...TIME_PRESSURE_DEFAULTS, flexibleFromEqual: null }, [24], [1, 2, 3]);
    expect(c.rows[0]!.difference + 2 * c.rows[0]!.differenceStandardError).toBeLessThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import { paceOf } from './sweep-status.js';

describe('paceOf', () => {
  it('is the cells per second between the first and last of the recent finish times (closed form: (n - 1) / span)', () => {
    expect(paceOf([])).toBeNull();
    expect(paceOf([5000])).toBeNull();
    expect(paceOf([1000, 1000])).toBeNull();
    // 5 cells over 2 s, given in any order: 4 gaps of 0.5 s.
    expect(paceOf([3000, 1000, 2000, 1500, 2500])).toBe(2);
  });

  it('starts after the last pause, so a sweep resumed a day later is timed by its new cells only', () => {
    const yesterday = [0, 1000, 2000, 3000];
    const today = [86_400_000, 86_401_000, 86_402_000];
    expect(paceOf([...yesterday, ...today])).toBe(1);
    // Without the pause rule the day would count: 6 cells over 86 402 s.
    expect(paceOf([...yesterday, ...today])).not.toBeCloseTo(6 / 86_402, 6);
  });

  it('looks at the last 50 finished cells', () => {
    const slow = Array.from({ length: 100 }, (_, k) => k * 4000); // one cell every 4 s
    const fast = Array.from({ length: 50 }, (_, k) => 400_000 + k * 1000); // then one a second
    expect(paceOf([...slow, ...fast])).toBe(1);
  });

  it('keeps the pace of workers that finish cells in pairs (near-zero gaps are not the normal gap)', () => {
    // Two workers, a pair of cells every 2 s: one cell a second.
    const pairs = Array.from({ length: 8 }, (_, k) => [k * 2000, k * 2000 + 5]).flat();
    expect(paceOf(pairs)).toBeCloseTo(15 / 14.005, 6);
  });
});

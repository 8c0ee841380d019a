import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minimiseOnInterval } from './interval-search.js';

describe('minimiseOnInterval (oracle: the known minimiser)', () => {
  it('finds the minimum of a parabola anywhere in the interval, ends included', () => {
    fc.assert(
      fc.property(fc.double({ min: -5, max: 15, noNaN: true }), (c) => {
        const r = minimiseOnInterval((x) => (x - c) ** 2, 0, 10);
        expect(r.x).toBeCloseTo(Math.min(10, Math.max(0, c)), 5);
      }),
    );
  });

  it('is not trapped by the steps of a step function plus a smooth trend (a common-random-number objective)', () => {
    // Steps of height 0.05 every 0.1 on top of (x - 62.5)^2 / 100: minimiser within one step of 62.5.
    const f = (x: number) => (x - 62.5) ** 2 / 100 + 0.05 * (Math.floor(x * 10) % 2);
    const r = minimiseOnInterval(f, 1, 100);
    expect(Math.abs(r.x - 62.5)).toBeLessThan(1);
    expect(r.evaluations).toBe(130);
  });

  it('treats NaN as worst and rejects bad arguments', () => {
    expect(minimiseOnInterval((x) => (x < 5 ? Number.NaN : x), 0, 10).x).toBeCloseTo(5, 1);
    expect(() => minimiseOnInterval((x) => x, 2, 1)).toThrow(/lower <= upper/);
    expect(() => minimiseOnInterval((x) => x, 0, 1, 1)).toThrow(/gridPoints must be a whole number >= 2, got 1/);
  });
});

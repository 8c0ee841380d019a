import { describe, expect, it } from 'vitest';
import { sampleMean, standardError, standardErrorOfSums } from './sample-statistics.js';

describe('sampleMean and standardError', () => {
  it('give the mean and s / sqrt(n) (oracle: hand computation)', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sum of squared deviations 32, s^2 = 32 / 7.
    const values = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(sampleMean(values)).toBe(5);
    expect(standardError(values)).toBeCloseTo(Math.sqrt(32 / 7 / 8), 15);
    expect(standardError([3, 3, 3])).toBe(0);
  });

  it('pinned: NaN for no values, and no standard error from one value', () => {
    expect(sampleMean([])).toBeNaN();
    expect(standardError([])).toBeNaN();
    expect(sampleMean([1.5])).toBe(1.5);
    expect(standardError([1.5])).toBeNaN();
    expect(standardError([1, Number.NaN])).toBeNaN();
  });

  it('standardErrorOfSums gives the standard error of values kept only as running sums (oracle: standardError of the values)', () => {
    const values = [3, -1.5, 4, 0.25, 9, 2];
    const sum = values.reduce((s, v) => s + v, 0);
    const squares = values.reduce((s, v) => s + v * v, 0);
    expect(standardErrorOfSums(sum, squares, values.length)).toBeCloseTo(standardError(values), 12);
    expect(standardErrorOfSums(5, 25, 1)).toBe(0); // one value: no spread to estimate
  });
});

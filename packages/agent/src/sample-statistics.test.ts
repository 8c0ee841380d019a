import { describe, expect, it } from 'vitest';
import { sampleMean, standardError } from './sample-statistics.js';

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
});

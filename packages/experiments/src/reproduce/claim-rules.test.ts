import { describe, expect, it } from 'vitest';
import { agrees, signTestThreshold, stat, withinRange } from './claim-rules.js';

describe('reproduce statistics', () => {
  it('gives the mean and its standard error (closed form: 1, 2, 3 -> 2 +- 1/sqrt 3)', () => {
    const s = stat([1, 2, 3]);
    expect(s.mean).toBe(2);
    expect(s.se).toBeCloseTo(1 / Math.sqrt(3), 15);
    expect(stat([4]).se).toBeNaN();
  });

  it('scores a mean outside a range of 5-run means by the combined standard error (closed form)', () => {
    // n = 5 seeds, se 0.1: a 5-run mean has the same se, combined 0.1 sqrt 2 = 0.1414.
    const ours = (mean: number) => ({ mean, se: 0.1, n: 5 });
    expect(withinRange('a', 'inside', ours(-7.9), [-8, -7.7], 'test').pass).toBe(true);
    expect(withinRange('a', 'inside', ours(-7.9), [-8, -7.7], 'test').rule).toMatch(/z = 0.00/);
    expect(withinRange('a', 'just out', ours(-8.4), [-8, -7.7], 'test').pass).toBe(true); // z = 0.4 / 0.1414 = 2.83
    expect(withinRange('a', 'too far', ours(-8.45), [-8, -7.7], 'test').pass).toBe(false); // z = 3.18
    expect(withinRange('a', 'above', ours(-7.2), [-8, -7.7], 'test').pass).toBe(false); // z = 3.54
  });

  it('compares with a reference mean +- sd over its seeds: |z| < 3 (closed form)', () => {
    const reference = { mean: -14.1, sd: 0.7, seeds: 5, source: 'test' };
    // Our se 0.2 is below the reference's spread over 5 seeds, 0.7 / sqrt 5 = 0.3130, which takes
    // its place: se = sqrt(0.49 / 5 + 0.49 / 5) = 0.4427.
    expect(agrees('b', 'close', { mean: -15.4, se: 0.2, n: 5 }, reference).pass).toBe(true); // z = -2.94
    expect(agrees('b', 'far', { mean: -15.5, se: 0.2, n: 5 }, reference).pass).toBe(false); // z = -3.16
    // Our se 0.5 is above it and counts: se = sqrt(0.25 + 0.098) = 0.5899.
    expect(agrees('b', 'close', { mean: -15.8, se: 0.5, n: 5 }, reference).pass).toBe(true); // z = -2.88
    expect(agrees('b', 'far', { mean: -15.9, se: 0.5, n: 5 }, reference).pass).toBe(false); // z = -3.05
  });

  it('gives the sign-test threshold at the 3-sigma level (closed form: P(X >= k) for Binomial(n, 1/2))', () => {
    expect(signTestThreshold(9)).toBeNull(); // 2^-9 = 0.00195 > 0.00135
    expect(signTestThreshold(10)).toBe(10); // 2^-10 = 0.00098; 11 / 1024 = 0.0107 for k = 9
    expect(signTestThreshold(15)).toBe(14); // 16 / 32768 = 0.00049; 121 / 32768 = 0.0037 for k = 13
  });
});

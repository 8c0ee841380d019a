import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ulps } from './ulps.test-support.js';
import { log } from './log.js';

describe('log', () => {
  it('is within 1 ulp of Math.log over the whole positive range (oracle: the engine, itself within 1 ulp)', () => {
    fc.assert(
      fc.property(fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true }), (x) => {
        const a = log(x);
        const b = Math.log(x);
        expect(a === b || ulps(a, b) <= 1).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('matches values known to 30 digits (oracle: 80-digit decimal arithmetic)', () => {
    expect(log(2)).toBe(0.6931471805599453);
    expect(log(10)).toBe(2.302585092994046);
    expect(log(0.5)).toBe(-0.6931471805599453);
    expect(log(1e-300)).toBe(-690.7755278982137);
    expect(log(Math.E)).toBe(1);
  });

  it('pins the edge cases: 1, 0, -0, negatives, subnormals, Infinity, NaN, near 1', () => {
    expect(log(1)).toBe(0);
    expect(log(0)).toBe(-Infinity);
    expect(log(-0)).toBe(-Infinity);
    expect(log(-1)).toBeNaN();
    expect(log(-Infinity)).toBeNaN();
    expect(log(Infinity)).toBe(Infinity);
    expect(log(Number.NaN)).toBeNaN();
    expect(log(Number.MIN_VALUE)).toBe(-744.4400719213812);
    expect(log(1 + 2 ** -52)).toBe(2 ** -52 - 2 ** -105); // the exact value 2^-52 - 2^-105 + ... rounds to it
    expect(log(1 - 2 ** -53)).toBe(-(2 ** -53));
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exp } from './exp.js';

describe('exp', () => {
  it('agrees with Math.exp to 3 ulp over its table range (oracle: Math.exp)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: -745, max: 709, noNaN: true }), fc.double({ min: -710, max: -690, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })), (x) => {
        const want = Math.exp(x);
        const got = exp(x);
        if (want === 0) return got <= Number.MIN_VALUE;
        // Subnormal results carry fewer bits: their last rounding adds up to one subnormal ulp.
        return Math.abs(got - want) <= 3 * Number.EPSILON * want + Number.MIN_VALUE;
      }),
      { numRuns: 20_000 },
    );
  });

  it('handles the edges', () => {
    expect(exp(0)).toBe(1);
    expect(exp(-Infinity)).toBe(0);
    expect(exp(Infinity)).toBe(Infinity);
    expect(Number.isNaN(exp(Number.NaN))).toBe(true);
    expect(exp(-800)).toBe(0);
    for (const x of [-707.99, -700, -699.9, -693.2, 693.2, 708.99]) expect(Math.abs(exp(x) / Math.exp(x) - 1)).toBeLessThan(4 * Number.EPSILON);
    expect(exp(710)).toBe(Infinity);
    expect(Math.abs(exp(-699.9) / Math.exp(-699.9) - 1)).toBeLessThan(4 * Number.EPSILON);
    // Beyond the table's range, still without Math.exp (oracle: exp(709.7) = 1.6549840276802644e308,
    // exp(-708.5) = 2.006132305331306e-308, exp(-745) = 5e-324, 80-digit decimal of the doubles).
    expect(Math.abs(exp(709.7) / 1.6549840276802644e308 - 1)).toBeLessThan(4 * Number.EPSILON);
    expect(Math.abs(exp(-708.5) - 2.006132305331306e-308)).toBeLessThanOrEqual(Number.MIN_VALUE);
    expect(exp(-745)).toBe(Number.MIN_VALUE);
    expect(exp(709.79)).toBe(Infinity);
    expect(exp(-745.14)).toBe(0);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erfc, normalCdf } from './normal-cdf.js';

describe('normalCdf', () => {
  it('matches tabulated values (oracle: Abramowitz & Stegun table 26.1)', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1)).toBeCloseTo(0.841344746068543, 7);
    expect(normalCdf(-1)).toBeCloseTo(0.158655253931457, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-3)).toBeCloseTo(0.00134989803163009, 9);
  });

  it('keeps its relative error below 1.5e-7 in the far tail (oracle: erfc(5) = 1.5374597944280349e-12, A&S 7.1)', () => {
    expect(Math.abs(erfc(5) / 1.5374597944280349e-12 - 1)).toBeLessThan(1.5e-7);
  });

  it('pins the edge cases: +-Infinity, NaN', () => {
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });

  it('is a monotone distribution with Phi(x) + Phi(-x) = 1 (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -40, max: 40, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), (x, d) => {
        const p = normalCdf(x);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(Math.abs(p + normalCdf(-x) - 1)).toBeLessThan(1e-15);
        expect(normalCdf(x + d)).toBeGreaterThanOrEqual(p);
      }),
    );
  });
});

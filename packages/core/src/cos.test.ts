import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ulps } from './ulps.test-support.js';
import { cos } from './cos.js';

describe('cos', () => {
  it('is within 1 ulp of Math.cos, or 1e-16 absolute near its zeros (oracle: the engine, itself within 1 ulp)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e5, max: 1e5, noNaN: true }), (x) => {
        const a = cos(x);
        const b = Math.cos(x);
        expect(a === b || ulps(a, b) <= 1 || Math.abs(a - b) < 1e-16).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('covers the range mountain car uses, 3 x position in [-3.6, 1.8], within 1 ulp (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -3.6, max: 1.8, noNaN: true }), (x) => {
        const a = cos(x);
        const b = Math.cos(x);
        expect(a === b || ulps(a, b) <= 1).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('matches values known to 30 digits (oracle: 80-digit decimal arithmetic) and pins the edges', () => {
    expect(cos(0)).toBe(1);
    expect(cos(-0)).toBe(1);
    expect(cos(1)).toBe(0.5403023058681398);
    expect(cos(Math.PI)).toBe(-1);
    expect(cos(3)).toBe(-0.9899924966004454);
    expect(cos(-3.6)).toBe(-0.896758416334147);
    expect(cos(Infinity)).toBeNaN();
    expect(cos(-Infinity)).toBeNaN();
    expect(cos(Number.NaN)).toBeNaN();
  });
});

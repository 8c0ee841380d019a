import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logSoftmaxInto, sampleCategorical, softmaxInto } from './log-softmax.js';

const finiteVector = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 8 });

describe('softmax', () => {
  it('sums to 1 and stays finite for any finite input and beta up to 1e6', () => {
    fc.assert(
      fc.property(finiteVector, fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (x, beta) => {
        const p = new Float64Array(x.length);
        softmaxInto(p, 0, x, 0, x.length, beta);
        const lp = new Float64Array(x.length);
        logSoftmaxInto(lp, 0, x, 0, x.length, beta);
        const total = p.reduce((s, v) => s + v, 0);
        return Math.abs(total - 1) < 1e-12 && p.every((v) => v >= 0 && v <= 1) && lp.every((v) => v <= 0 && !Number.isNaN(v));
      }),
    );
  });

  it('pins huge beta * q: the winner gets 1, the loser underflows to 0 without NaN', () => {
    const p = new Float64Array(2);
    softmaxInto(p, 0, [1000, 0], 0, 2, 10);
    expect(Array.from(p)).toEqual([1, 0]);
    const lp = new Float64Array(2);
    logSoftmaxInto(lp, 0, [1000, 0], 0, 2, 10);
    expect(lp[0]).toBe(0);
    expect(lp[1]).toBe(-10000);
  });

  it('gives log(1/2) for two equal entries and 0 for a single action', () => {
    const lp = new Float64Array(2);
    logSoftmaxInto(lp, 0, [3, 3], 0, 2, 5);
    expect(lp[0]).toBeCloseTo(-Math.LN2, 15);
    const one = new Float64Array(1);
    logSoftmaxInto(one, 0, [42], 0, 1, 1);
    expect(one[0]).toBe(0);
  });

  it('samples the first index whose cumulative probability exceeds u', () => {
    const p = [0.2, 0.5, 0.3];
    expect(sampleCategorical(p, 0, 3, 0)).toBe(0);
    expect(sampleCategorical(p, 0, 3, 0.2)).toBe(1);
    expect(sampleCategorical(p, 0, 3, 0.69)).toBe(1);
    expect(sampleCategorical(p, 0, 3, 0.7)).toBe(2);
    expect(sampleCategorical(p, 0, 3, 0.9999999)).toBe(2);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addGaussianKlGradient, gaussianKl, gaussianKlDerivative, gaussianKlSum } from './gaussian-kl.js';

describe('Gaussian KL memory cost', () => {
  it('is 0 at sigma = sigma_base and positive elsewhere (closed form)', () => {
    expect(gaussianKl(5, 5)).toBe(0);
    expect(gaussianKlDerivative(5, 5)).toBe(0);
    fc.assert(fc.property(fc.double({ min: 0.01, max: 100, noNaN: true }), (s) => gaussianKl(s, 5) >= 0 && Number.isFinite(gaussianKl(s, 5))));
  });

  it("matches docs/math.md 7 chain (a): KL(s=0) = 0.389685, KL(s=1) = 0.844993 (sigma_base 1.5)", () => {
    const sigma = Float64Array.of(0.7, 1.3, 0.5, 0.9);
    expect(gaussianKlSum(sigma, 1.5, 0, 2)).toBeCloseTo(0.389685, 6);
    expect(gaussianKlSum(sigma, 1.5, 2, 4)).toBeCloseTo(0.844993, 6);
    expect(gaussianKlSum(sigma, 1.5)).toBeCloseTo(1.23468, 5);
  });

  it('gives the paper maze cost near 24 for sigma0 = 1 (docs/tasks.md 1: 216 memories, lambda 0.1, sigma_base 5)', () => {
    const sigma = new Float64Array(216).fill(1);
    // closed form: 0.1 * 216 * (log 5 + 1/50 - 1/2)
    expect(0.1 * gaussianKlSum(sigma, 5)).toBeCloseTo(0.1 * 216 * (Math.log(5) + 0.02 - 0.5), 12);
    expect(0.1 * gaussianKlSum(sigma, 5)).toBeCloseTo(24.4, 1);
  });

  it('has the derivative of its value (central differences) and a finite gradient over the clip range', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: 0.1, max: 100, noNaN: true }), (s, sb) => {
        const h = 1e-6 * s;
        const fd = (gaussianKl(s + h, sb) - gaussianKl(s - h, sb)) / (2 * h);
        const d = gaussianKlDerivative(s, sb);
        return Number.isFinite(d) && Math.abs(fd - d) <= 1e-5 * Math.max(1, Math.abs(d));
      }),
    );
    const g = new Float64Array(2);
    addGaussianKlGradient(g, Float64Array.of(1, 2), 2, -0.5);
    expect(g[0]).toBeCloseTo(-0.5 * (1 / 4 - 1), 15);
    expect(g[1]).toBeCloseTo(0, 15);
  });

  it('skips memories flagged in the mask, in the sum and in the gradient (closed form: the unmasked terms alone)', () => {
    const sigma = Float64Array.from([1, 2, 3, 4]);
    const skip = Uint8Array.from([0, 1, 0, 1]);
    expect(gaussianKlSum(sigma, 5, 0, 4, skip)).toBeCloseTo(gaussianKl(1, 5) + gaussianKl(3, 5), 14);
    const out = new Float64Array(4);
    addGaussianKlGradient(out, sigma, 5, 2, 0, 4, skip);
    expect(Array.from(out)).toEqual([2 * gaussianKlDerivative(1, 5), 0, 2 * gaussianKlDerivative(3, 5), 0]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sigmaAscentStep } from './sigma-step.js';

describe('sigmaAscentStep', () => {
  it('keeps sigma inside its clip range for any finite gradient', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 20 }), (g) => {
        const sigma = new Float64Array(g.length).fill(1);
        sigmaAscentStep(sigma, Float64Array.from(g), 0.1, 0.01, 100);
        return sigma.every((s) => s >= 0.01 && s <= 100);
      }),
    );
  });

  it('rejects non-finite gradients before changing anything', () => {
    for (const bad of [Infinity, -Infinity, Number.NaN]) {
      const sigma = Float64Array.of(1, 1);
      expect(() => sigmaAscentStep(sigma, Float64Array.of(0.5, bad), 0.1, 0.01, 100)).toThrow(/memory 1 is not finite/);
      expect(Array.from(sigma)).toEqual([1, 1]);
    }
  });

  it('steps, clips at both bounds and skips frozen memories', () => {
    const sigma = Float64Array.of(1, 1, 1, 1);
    sigmaAscentStep(sigma, Float64Array.of(1, -1e9, 1e9, 5), 0.1, 0.01, 100, Uint8Array.of(0, 0, 0, 1));
    expect(Array.from(sigma)).toEqual([1.1, 0.01, 100, 1]);
  });
});

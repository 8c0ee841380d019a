import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leaveOutProducts } from './leave-out-products.js';

/** prod of v over the indices not in `left` (oracle: the direct product). */
function productWithout(v: number[], ...left: number[]): number {
  return v.reduce((p, x, i) => (left.includes(i) ? p : p * x), 1);
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-15 * Math.abs(b);

describe('leaveOutProducts', () => {
  it('gives the product of all L and of the L without one, two or three actions, zeros included (oracle: direct products, relative 1e-15)', () => {
    const factor = fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 1e-300, max: 1, noNaN: true }));
    fc.assert(
      fc.property(fc.array(factor, { minLength: 1, maxLength: 7 }), (v) => {
        const K = v.length;
        const rest1 = new Float64Array(K);
        const rest2 = new Float64Array(K * K);
        const rest3 = new Float64Array(K * K * K);
        expect(close(leaveOutProducts(Float64Array.from(v), K, true, rest1, rest2, rest3), productWithout(v))).toBe(true);
        for (let a = 0; a < K; a++) {
          expect(close(rest1[a]!, productWithout(v, a))).toBe(true);
          for (let j = 0; j < K; j++) {
            if (j === a) continue;
            expect(close(rest2[a * K + j]!, productWithout(v, a, j))).toBe(true);
            for (let i = 0; i < K; i++) if (i !== a && i !== j) expect(close(rest3[(a * K + j) * K + i]!, productWithout(v, a, j, i))).toBe(true);
          }
        }
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});

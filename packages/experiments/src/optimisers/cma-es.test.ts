import { Rng } from '@dra/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cmaEsMinimise, reflectIntoBox } from './cma-es.js';
import { symmetricEigen } from './symmetric-eigen.js';

const sphere = (x: Float64Array) => x.reduce((s, v) => s + v * v, 0);
// Ellipsoid with condition number 1e6: sum_i 10^(6 i / (n - 1)) x_i^2, minimum 0 at the origin.
const ellipsoid = (x: Float64Array) => x.reduce((s, v, i) => s + 10 ** ((6 * i) / (x.length - 1)) * v * v, 0);
// Rosenbrock: sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2, minimum 0 at (1, ..., 1).
const rosenbrock = (x: Float64Array) => {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) s += 100 * (x[i + 1]! - x[i]! ** 2) ** 2 + (1 - x[i]!) ** 2;
  return s;
};
const start = (n: number, value: number) => new Array(n).fill(value) as number[];

describe('cmaEsMinimise (oracles: the known minima of the test functions)', () => {
  it('finds the sphere minimum 0 at the origin in 10 dimensions', () => {
    const r = cmaEsMinimise(sphere, start(10, 3), { lower: -10, upper: 10, initialStep: 2, maxEvaluations: 20_000, rng: Rng.create(1) });
    expect(r.bestValue).toBeLessThan(1e-10);
    expect(r.stop).not.toBe('maxEvaluations');
  });

  it('finds the ellipsoid minimum (condition 1e6) in 8 dimensions: the covariance learns the scaling', () => {
    const r = cmaEsMinimise(ellipsoid, start(8, 2), { lower: -5, upper: 5, initialStep: 1, maxEvaluations: 30_000, rng: Rng.create(2) });
    expect(r.bestValue).toBeLessThan(1e-8);
  });

  it('follows the Rosenbrock valley to (1, ..., 1) in 6 dimensions', () => {
    const r = cmaEsMinimise(rosenbrock, start(6, 0), { lower: -5, upper: 5, initialStep: 0.5, maxEvaluations: 40_000, rng: Rng.create(3) });
    expect(r.bestValue).toBeLessThan(1e-8);
    for (const v of r.best) expect(v).toBeCloseTo(1, 3);
  });

  it('stops on the box wall when the minimum lies outside it (sphere centred at 3, box [-1, 1]: optimum 1 per coordinate, f = 4 n)', () => {
    const shifted = (x: Float64Array) => x.reduce((s, v) => s + (v - 3) ** 2, 0);
    const r = cmaEsMinimise(shifted, start(5, 0), { lower: -1, upper: 1, initialStep: 0.5, maxEvaluations: 20_000, rng: Rng.create(4) });
    for (const v of r.best) expect(v).toBeCloseTo(1, 4);
    expect(r.bestValue).toBeCloseTo(20, 3);
  });

  it('gets close to the minimum of a noisy sphere (noise sd 0.01): the mean of the search, not the noise, decides', () => {
    const noise = Rng.create(9);
    let last = new Float64Array(0);
    const noisy = (x: Float64Array) => {
      last = Float64Array.from(x);
      return sphere(x) + 0.01 * noise.normal();
    };
    cmaEsMinimise(noisy, start(6, 4), { lower: -10, upper: 10, initialStep: 2, maxEvaluations: 6000, rng: Rng.create(5) });
    // Points sampled at the end of the search sit within the noise's reach of the optimum.
    expect(sphere(last)).toBeLessThan(0.1);
  });

  it('is deterministic for a seed and never evaluates outside the box', () => {
    const seen: number[] = [];
    const f = (x: Float64Array) => {
      for (const v of x) seen.push(v);
      return rosenbrock(x);
    };
    const a = cmaEsMinimise(f, start(4, 0), { lower: -2, upper: 2, initialStep: 3, maxEvaluations: 500, rng: Rng.create(6) });
    const b = cmaEsMinimise(rosenbrock, start(4, 0), { lower: -2, upper: 2, initialStep: 3, maxEvaluations: 500, rng: Rng.create(6) });
    expect(Array.from(a.best)).toEqual(Array.from(b.best));
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...seen)).toBeLessThanOrEqual(2);
    expect(a.evaluations).toBeGreaterThanOrEqual(500);
  });

  it('rejects bad options naming the field', () => {
    const rng = Rng.create(1);
    expect(() => cmaEsMinimise(sphere, [1], { lower: 1, upper: 0, initialStep: 1, maxEvaluations: 10, rng })).toThrow(/bounds/);
    expect(() => cmaEsMinimise(sphere, [1], { lower: 0, upper: 1, initialStep: 0, maxEvaluations: 10, rng })).toThrow(/initialStep/);
    expect(() => cmaEsMinimise(sphere, [1], { lower: 0, upper: 1, initialStep: 1, maxEvaluations: 0, rng })).toThrow(/maxEvaluations/);
  });
});

describe('reflectIntoBox', () => {
  it('is the identity inside, mirrors at the walls and always lands in the box', () => {
    expect(reflectIntoBox(0.3, 0, 1)).toBe(0.3);
    expect(reflectIntoBox(1.25, 0, 1)).toBeCloseTo(0.75, 15);
    expect(reflectIntoBox(-0.25, 0, 1)).toBeCloseTo(0.25, 15);
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: 1e-3, max: 100, noNaN: true }), (x, lower, width) => {
        const y = reflectIntoBox(x, lower, lower + width);
        return y >= lower && y <= lower + width;
      }),
    );
  });
});

describe('symmetricEigen (oracle: A V = V diag(values), V orthonormal)', () => {
  it('decomposes random symmetric matrices', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 1e6 }), (n, seed) => {
        const rng = Rng.create(seed);
        const a = new Float64Array(n * n);
        for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.normal();
        const values = new Float64Array(n);
        const v = new Float64Array(n * n);
        symmetricEigen(a, n, values, v);
        for (let i = 0; i < n; i++) {
          for (let k = 0; k < n; k++) {
            let av = 0;
            for (let j = 0; j < n; j++) av += a[i * n + j]! * v[j * n + k]!;
            expect(av).toBeCloseTo(values[k]! * v[i * n + k]!, 9);
            let dot = 0;
            for (let j = 0; j < n; j++) dot += v[j * n + i]! * v[j * n + k]!;
            expect(dot).toBeCloseTo(i === k ? 1 : 0, 12);
          }
        }
      }),
      { numRuns: 50 },
    );
  });
});

import { MemoryTable, normalCdf, Rng } from '@dra/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HardThompson } from './hard-thompson.js';
import { hardThompsonChoiceEntropy, hardThompsonChoiceInto } from './hard-thompson-choice.js';

function choice(q: number[], sigma: number[]): Float64Array {
  const out = new Float64Array(q.length);
  hardThompsonChoiceInto(out, 0, q, sigma, 0, q.length);
  return out;
}

describe('hardThompsonChoiceInto', () => {
  it('gives P(a = 0) = Phi((q0 - q1) / sqrt(sigma0^2 + sigma1^2)) for two actions (oracle: closed form)', () => {
    for (const [q0, q1, s0, s1] of [
      [0, 0, 1, 1],
      [1, 0, 0.5, 2],
      [-3, 2, 5, 0.01],
      [0.2, 0, 0.01, 0.01],
    ] as const) {
      const expected = normalCdf((q0 - q1) / Math.hypot(s0, s1));
      expect(choice([q0, q1], [s0, s1])[0]).toBeCloseTo(expected, 5);
    }
  });

  it('matches the sampled choice frequencies of HardThompson within a z-score of 4 (oracle: Monte Carlo)', () => {
    const cases = [
      { q: [-5.2, -4.1, -6, -3.9], sigma: [1, 3, 0.5, 0.2] },
      { q: [0, 0.1, -0.1, 0], sigma: [0.01, 5, 2, 0.01] },
      { q: [2, 1, 0], sigma: [100, 0.01, 1] },
    ];
    const n = 40_000;
    const rng = Rng.create(11);
    for (const { q, sigma } of cases) {
      const memory = new MemoryTable([q.length]);
      memory.mean.set(q);
      memory.sigma.set(sigma);
      const policy = new HardThompson();
      const counts = new Float64Array(q.length);
      const draw = new Float64Array(q.length);
      for (let i = 0; i < n; i++) {
        policy.probabilities(memory, 0, rng, draw);
        for (let k = 0; k < q.length; k++) counts[k] += draw[k]!;
      }
      const p = choice(q, sigma);
      for (let k = 0; k < q.length; k++) {
        const se = Math.sqrt(Math.max(p[k]! * (1 - p[k]!), 1e-6) / n);
        expect(Math.abs(counts[k]! / n - p[k]!) / se).toBeLessThan(4);
      }
    }
  });

  it('is a distribution for any finite q and sigma in the clip range (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 6, maxLength: 6 }),
        (q, sigma) => {
          const p = choice(q, sigma.slice(0, q.length));
          let sum = 0;
          for (const x of p) {
            expect(x).toBeGreaterThanOrEqual(0);
            sum += x;
          }
          expect(sum).toBeCloseTo(1, 12);
        },
      ),
    );
  });

  it('pins the edge cases: one action, point masses, ties, infinities, NaN', () => {
    expect([...choice([7], [0.01])]).toEqual([1]);
    expect([...choice([1, 3, 2], [0, 0, 0])]).toEqual([0, 1, 0]);
    expect([...choice([2, 2, 1], [0, 0, 0])]).toEqual([1, 0, 0]);
    expect([...choice([0, Infinity, 5], [1, 1, 1])]).toEqual([0, 1, 0]);
    expect(choice([0, Number.NaN], [1, 1]).every(Number.isNaN)).toBe(true);
    expect(choice([0, 1], [Number.NaN, 1]).every(Number.isNaN)).toBe(true);
  });
});

describe('hardThompsonChoiceEntropy', () => {
  it('is ln K for identical memories and 0 for one action (closed form)', () => {
    const scratch = new Float64Array(4);
    expect(hardThompsonChoiceEntropy(scratch, [1, 1, 1, 1], [2, 2, 2, 2], 0, 4)).toBeCloseTo(Math.log(4), 6);
    expect(hardThompsonChoiceEntropy(scratch, [1], [2], 0, 1)).toBe(0);
  });

  it('matches the binary entropy of Phi(d / sqrt 2) for two unit-sigma memories d apart (closed form)', () => {
    const scratch = new Float64Array(2);
    const h = (d: number) => {
      const p = normalCdf(d / Math.SQRT2);
      return -p * Math.log(p) - (1 - p) * Math.log(1 - p);
    };
    for (const d of [0, 0.5, 1, 2]) expect(hardThompsonChoiceEntropy(scratch, [d, 0], [1, 1], 0, 2)).toBeCloseTo(h(d), 5);
  });
});

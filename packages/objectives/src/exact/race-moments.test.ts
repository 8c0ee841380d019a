import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { raceMoments } from './race-moments.js';
import { stateMoments, type StateMoments } from './state-moments.js';

const MOMENT_ARRAYS = ['pibar', 'dpibar', 'dhbar', 'hp', 'dhp'] as const;

/** The largest |a - b| over hbar and every entry of the moment arrays. */
function largestDifference(a: StateMoments, b: StateMoments): number {
  let d = Math.abs(a.hbar - b.hbar);
  for (const key of MOMENT_ARRAYS) {
    const x = a[key]!;
    const y = b[key]!;
    for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i]! - y[i]!));
  }
  return d;
}

/** The two-action form of docs/math.md 4.1, with E[H p_a]. */
const twoAction = (q: number[], sigma: number[], beta: number) => stateMoments(Float64Array.from(q), Float64Array.from(sigma), 0, 2, beta, true);

/** The race over three actions whose third lies far below the others: its moments for the first two, as a two-action state. */
function firstTwoOfThree(q: number[], sigma: number[], beta: number): StateMoments {
  const m = raceMoments(q, sigma, beta, true);
  const pick = (v: Float64Array, rows: number) => (rows === 1 ? v.subarray(0, 2) : Float64Array.of(v[0]!, v[1]!, v[3]!, v[4]!));
  return { pibar: pick(m.pibar, 1), hbar: m.hbar, dpibar: pick(m.dpibar, 2), dhbar: pick(m.dhbar, 1), hp: pick(m.hp!, 1), dhp: pick(m.dhp!, 2) };
}

const stateArbitrary = fc.integer({ min: 3, max: 5 }).chain((K) =>
  fc.record({
    q: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: K, maxLength: K }),
    sigma: fc.array(fc.double({ min: 0.06, max: 6, noNaN: true }), { minLength: K, maxLength: K }),
    beta: fc.constantFrom(1, 3, 10),
  }),
);

describe('race integrals on the coarse grid of docs/math.md 4.6', () => {
  it('agree with the same race on the plain 0.25 grid within 1e-12 (1 + c_max) for random states with 3 to 5 actions (oracle: the previous quadrature)', () => {
    fc.assert(
      fc.property(stateArbitrary, ({ q, sigma, beta }) => {
        const coarse = raceMoments(q, sigma, beta, true);
        const fine = raceMoments(q, sigma, beta, true, 0);
        expect(largestDifference(coarse, fine)).toBeLessThan(1e-12 * (1 + beta * Math.max(...sigma)));
      }),
      { numRuns: 30, seed: 7 },
    );
  });

  it.each([
    ['wide scales, beta sigma = 50', [0.1, 0.3, -250], [5, 5, 5], 10],
    ['wide and unequal scales with a gap of 30', [0, -3, -250], [4, 0.7, 5], 10],
    ['huge beta q gap', [0, -200, -5000], [0.5, 2, 5], 10],
    ['a scale below 0.5 (direct path) beside a wide one', [0.8, 1.6, -60], [0.01, 1.3, 0.1], 2],
    ['tiny scales on both actions', [0.8, 0.75, -60], [0.002, 0.004, 0.01], 2],
  ])('%s: a third action far below leaves the two-action moments, E[H p_a] included (oracle: the one-dimensional form, 1e-10)', (_, q, sigma, beta) => {
    const race = firstTwoOfThree(q, sigma, beta);
    const oneDimensional = twoAction(q.slice(0, 2), sigma.slice(0, 2), beta);
    expect(largestDifference(race, oneDimensional)).toBeLessThan(1e-10);
  });

  it('keeps a saturated state finite: the dominated actions get exactly 0, the leader pibar 1 and H, E[H p_a] and their derivatives 0 to rounding (closed form: p is one-hot)', () => {
    const m = raceMoments([0, -500, -900, -700], [0.3, 0.2, 0.1, 0.4], 10, true);
    expect(Math.abs(m.pibar[0]! - 1)).toBeLessThan(1e-14);
    expect([...m.pibar.subarray(1), ...m.hp!.subarray(1), ...m.dpibar.subarray(4), ...m.dhp!.subarray(4), ...m.dhbar.subarray(1)].every((v) => v === 0)).toBe(true);
    // hbar = E[logsumexp x] - E[p x] and E[H p_a] cancel terms of size |u| <= 50 (rounding 1e-14), their derivatives terms of size beta |u|.
    for (const v of [m.hbar, m.hp![0]!, m.dhbar[0]!, m.dhp![0]!]) expect(Math.abs(v)).toBeLessThan(1e-11);
  });
});

import { describe, expect, it } from 'vitest';
import { normalTrapezoid } from './normal-trapezoid.js';
import { FACTOR_COUNT, raceFactors } from './race-factors.js';
import { raceGrid, type RaceGrid } from './race-grid.js';
import { RACE_STEP } from './race-kernel.js';

/** The eight factors of one action at every point of `grid`, factor-major. */
function factorsOn(m: number, c: number, beta: number, grid: RaceGrid): Float64Array {
  const out = new Float64Array(FACTOR_COUNT * grid.points);
  raceFactors(m, c, beta, grid, out, grid.points, 0, true);
  return out;
}

/** The factors at u from every trapezoid node's kernel values (docs/math.md 4.1, 4.2), in RACE_FACTORS order. */
function nodeSums(m: number, c: number, beta: number, u: number): number[] {
  const { z, w } = normalTrapezoid(c);
  const sums = new Array<number>(FACTOR_COUNT).fill(0);
  for (let i = 0; i < z.length; i++) {
    const x = m + c * z[i]!;
    const ey = Math.exp(x - u);
    const f = Math.exp(-ey);
    const g = ey * f;
    const o = ey * g;
    const wz = beta * w[i]! * z[i]!;
    const terms = [w[i]! * f, w[i]! * g, w[i]! * x * g, w[i]! * x * o, -wz * g, wz * g * (1 - ey), wz * (g + x * g * (1 - ey)), wz * (o + x * o * (2 - ey))];
    terms.forEach((t, k) => (sums[k]! += t));
  }
  return sums;
}

describe('one-action race factors', () => {
  it('direct path (c < 0.5): 0 below the nodes and first-order tails far above them match the node sums (oracle: every node evaluated, relative 1e-14)', () => {
    const [m, c, beta] = [-3, 0.3, 2];
    const grid: RaceGrid = { u0: -20, stride: 4, points: 80, pivot: 20 };
    const out = factorsOn(m, c, beta, grid);
    let tails = 0;
    for (let l = 0; l < grid.points; l++) {
      const u = grid.u0 + l * grid.stride * RACE_STEP;
      if (u > m + 11 * c + 36) tails++;
      nodeSums(m, c, beta, u).forEach((v, f) => {
        const got = out[f * grid.points + l]!;
        expect(Math.abs(got - v)).toBeLessThanOrEqual(1e-14 * Math.abs(v) + 1e-300);
      });
    }
    expect(tails).toBeGreaterThan(5);
  });

  it('lattice path: whole windows on a coarse grid and running tail sums on the plain grid give the same factors at shared lattice points (each oracle for the other, 1e-14 of the largest value)', () => {
    const m = [0, -4, -12];
    const c = [30, 12, 45];
    const coarse = raceGrid(m, c);
    const fine = raceGrid(m, c, 0);
    expect(coarse.stride).toBeGreaterThan(10);
    expect(fine.stride).toBe(1);
    for (let j = 0; j < 3; j++) {
      const a = factorsOn(m[j]!, c[j]!, 10, coarse);
      const b = factorsOn(m[j]!, c[j]!, 10, fine);
      for (let f = 0; f < FACTOR_COUNT; f++) {
        const scale = Math.max(...Array.from(b.subarray(f * fine.points, (f + 1) * fine.points), Math.abs));
        for (let l = 0; l < coarse.points && l * coarse.stride < fine.points; l++) {
          expect(Math.abs(a[f * coarse.points + l]! - b[f * fine.points + l * coarse.stride]!)).toBeLessThanOrEqual(1e-14 * scale);
        }
      }
    }
  });
});

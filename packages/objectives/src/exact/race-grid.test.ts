import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { raceGrid, reach, STEP_PER_SCALE } from './race-grid.js';
import { RACE_STEP, Y_LOW } from './race-kernel.js';

describe('raceGrid', () => {
  it('steps by the multiple of 0.25 nearest below 0.5 c_eff, c_eff = (sum c^-2)^(-1/2), and covers every node from 8 below the highest floor to 36 above the highest top (closed form)', () => {
    const scales = fc.array(fc.double({ min: 0.01, max: 200, noNaN: true }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(scales, fc.double({ min: -300, max: 0, noNaN: true }), (c, gap) => {
        const m = c.map((_, j) => (j === 0 ? 0 : gap * (j / c.length)));
        const grid = raceGrid(m, c);
        const cEff = 1 / Math.sqrt(c.reduce((s, v) => s + 1 / (v * v), 0));
        expect(grid.stride).toBe(Math.max(1, Math.floor((STEP_PER_SCALE * cEff) / RACE_STEP)));
        const step = grid.stride * RACE_STEP;
        const floor = Math.max(...m.map((v, j) => v - reach(c[j]!)));
        const top = Math.max(...m.map((v, j) => v + reach(c[j]!)));
        expect(grid.u0).toBeLessThanOrEqual(floor - 8);
        expect(grid.u0).toBeGreaterThan(floor - 8 - RACE_STEP);
        expect(grid.u0 + (grid.points - 1) * step).toBeGreaterThanOrEqual(top + Y_LOW);
        expect(Math.abs(grid.u0 + grid.pivot * step)).toBeLessThanOrEqual(step / 2 + 1e-9);
      }),
      { numRuns: 200, seed: 5 },
    );
  });

  it('keeps the lattice step where any scale is below 0.5 or when asked to (stepPerScale 0)', () => {
    expect(raceGrid([0, -1, -2], [50, 0.4, 50]).stride).toBe(1);
    expect(raceGrid([0, -1, -2], [50, 40, 50], 0).stride).toBe(1);
    expect(raceGrid([0, -1, -2], [50, 40, 50]).stride).toBeGreaterThan(1);
  });
});

import { Rng } from '@dra/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MountainCar, mountainCarIndex } from './mountain-car.js';

/**
 * The classic dynamics written out independently from docs/tasks.md 3 (Gymnasium's
 * MountainCar-v0 step, with numpy's clip), as the oracle for replays.
 */
function classicStep(position: number, velocity: number, action: number): [number, number] {
  velocity += (action - 1) * 0.001 + Math.cos(3 * position) * -0.0025;
  velocity = velocity < -0.07 ? -0.07 : velocity > 0.07 ? 0.07 : velocity;
  position += velocity;
  position = position < -1.2 ? -1.2 : position > 0.6 ? 0.6 : position;
  if (position === -1.2 && velocity < 0) velocity = 0;
  return [position, velocity];
}

describe('MountainCar', () => {
  it('replays any action sequence from any start as the classic dynamics do, to 1e-12', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1.2, max: 0.49, noNaN: true }),
        fc.double({ min: -0.07, max: 0.07, noNaN: true }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 250 }),
        (p0, v0, actions) => {
          const env = new MountainCar();
          const rng = Rng.create(1);
          env.resetTo([p0, v0]);
          let [p, v] = [p0, v0];
          for (let t = 0; t < actions.length && !env.terminated && !env.truncated; t++) {
            expect(env.step(actions[t]!, rng)).toBe(-1);
            [p, v] = classicStep(p, v, actions[t]!);
            if (Math.abs(env.observation[0]! - p) > 1e-12 || Math.abs(env.observation[1]! - v) > 1e-12) return false;
            if (env.terminated !== p >= 0.5) return false;
            if (env.truncated !== (p < 0.5 && t + 1 >= 200)) return false;
            if (env.state !== mountainCarIndex(p, v)) return false;
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('truncates after 200 steps when the goal is not reached', () => {
    const env = new MountainCar();
    const rng = Rng.create(1);
    env.reset(rng);
    let steps = 0;
    while (!env.terminated && !env.truncated) {
      env.step(1, rng);
      steps++;
    }
    expect(steps).toBe(200);
    expect(env.truncated).toBe(true);
    expect(env.terminated).toBe(false);
  });

  it('reaches the goal by pumping energy, and terminates there', () => {
    const env = new MountainCar();
    const rng = Rng.create(2);
    env.resetTo([-0.5, 0]);
    while (!env.terminated && !env.truncated) env.step(env.observation[1]! < 0 ? 0 : 2, rng);
    expect(env.terminated).toBe(true);
    expect(env.observation[0]).toBeGreaterThanOrEqual(0.5);
  });

  it('starts uniformly in [-0.6, -0.4] at rest and maps states onto the 19 x 15 grid', () => {
    const env = new MountainCar();
    const rng = Rng.create(3);
    for (let i = 0; i < 1000; i++) {
      env.reset(rng);
      expect(env.observation[0]).toBeGreaterThanOrEqual(-0.6);
      expect(env.observation[0]).toBeLessThanOrEqual(-0.4);
      expect(env.observation[1]).toBe(0);
    }
    expect(mountainCarIndex(-1.2, -0.07)).toBe(0);
    expect(mountainCarIndex(0.6, 0.07)).toBe(18 * 15 + 14);
    expect(env.stateCount).toBe(285);
  });

  it('rejects actions outside {0, 1, 2} and starts outside the state space', () => {
    const env = new MountainCar();
    const rng = Rng.create(4);
    env.reset(rng);
    expect(() => env.step(3, rng)).toThrow(/action 3 is outside the 3 actions/);
    expect(() => env.resetTo([0.7, 0])).toThrow(/position must lie in \[-1.2, 0.6\], got 0.7/);
    expect(() => env.resetTo([0, 0.1])).toThrow(/velocity/);
    expect(() => env.resetTo([-0.5])).toThrow(/start must be \[position, velocity\], got -0.5/);
  });
});

describe('MountainCar.mapLayout', () => {
  it('puts position bins across and velocity bins up: every one of the 19 x 15 states drawn once', () => {
    const layout = new MountainCar().mapLayout();
    expect([layout.rows, layout.columns]).toEqual([15, 19]); // docs/tasks.md 3: 19 position x 15 velocity bins
    const drawn = new Set<number>();
    for (let r = 0; r < layout.rows; r++) for (let c = 0; c < layout.columns; c++) drawn.add(layout.stateAt(r, c));
    expect(drawn.size).toBe(19 * 15);
    expect(Math.min(...drawn)).toBe(0);
    expect(Math.max(...drawn)).toBe(19 * 15 - 1);
    // the top row is the highest velocity bin: the state index of (position bin c, velocity bin 14)
    expect(layout.stateAt(0, 4)).toBe(mountainCarIndex(-1.2 + 0.4, 0.07));
  });
});

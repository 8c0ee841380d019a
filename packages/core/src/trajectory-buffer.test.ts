import { describe, expect, it } from 'vitest';
import { TrajectoryBuffer } from './trajectory-buffer.js';

describe('TrajectoryBuffer', () => {
  it('grows by doubling and keeps earlier rows', () => {
    const b = new TrajectoryBuffer(3, 2);
    for (let t = 0; t < 5; t++) {
      expect(b.push(t * 10)).toBe(t);
      b.zeta[b.row(t) + 2] = t;
      b.rewards[t] = -t;
    }
    expect(b.capacity).toBe(8);
    expect(Array.from(b.states.subarray(0, 5))).toEqual([0, 10, 20, 30, 40]);
    expect(b.zeta[b.row(3) + 2]).toBe(3);
    expect(b.rewards[4]).toBe(-4);
    b.clear();
    expect(b.length).toBe(0);
  });
});

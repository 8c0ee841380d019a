import { describe, expect, it } from 'vitest';
import { scheduledBeta } from './beta-schedule.js';

describe('scheduledBeta', () => {
  const paper = { growth: 1.5, every: 1000, max: 10 };
  it("follows min(1.5^(e / 1000), 10) (closed form, docs/tasks.md 3)", () => {
    expect(scheduledBeta(1, paper, 0)).toBe(1);
    expect(scheduledBeta(1, paper, 1000)).toBeCloseTo(1.5, 14);
    expect(scheduledBeta(1, paper, 2500)).toBeCloseTo(1.5 ** 2.5, 12);
    expect(scheduledBeta(1, paper, 6000)).toBe(10); // 1.5^6 = 11.4 > 10
  });
  it('is the constant beta without a schedule', () => {
    expect(scheduledBeta(7, null, 123_456)).toBe(7);
    expect(scheduledBeta(7, undefined, 0)).toBe(7);
  });
});

import { logSoftmaxInto, MemoryTable, Rng, TrajectoryBuffer } from '@dra/core';
import { describe, expect, it } from 'vitest';
import { HardThompson } from './hard-thompson.js';
import { SoftmaxPolicy } from './softmax-policy.js';
import { SoftThompson } from './soft-thompson.js';

function logProbability(q: number[], sigma: number[], zeta: number[], beta: number, a: number): number {
  const lp = new Float64Array(q.length);
  logSoftmaxInto(lp, 0, q.map((m, k) => m + sigma[k]! * zeta[k]!), 0, q.length, beta);
  return lp[a]!;
}

describe('SoftThompson', () => {
  const memory = new MemoryTable([3, 1]);
  memory.mean.set([1, 0, -0.5, 7]);
  memory.sigma.set([0.5, 1, 0.3, 2]);
  const policy = new SoftThompson({ beta: 1.5 });

  it('writes zeta and p (summing to 1) and a valid action', () => {
    const buffer = new TrajectoryBuffer(3);
    const rng = Rng.create(1);
    const t = buffer.push(0);
    const a = policy.act(memory, 0, rng, buffer, t);
    buffer.actions[t] = a;
    const p = Array.from(buffer.probabilities.subarray(0, 3));
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(3);
  });

  it('has score = d log p_a / d sigma and the entropy gradient at fixed noise (oracle: central differences)', () => {
    const buffer = new TrajectoryBuffer(3);
    const rng = Rng.create(2);
    for (let trial = 0; trial < 5; trial++) {
      buffer.clear();
      const t = buffer.push(0);
      buffer.actions[t] = policy.act(memory, 0, rng, buffer, t);
      const zeta = Array.from(buffer.zeta.subarray(0, 3));
      const q = Array.from(memory.mean.subarray(0, 3));
      const sigma = Array.from(memory.sigma.subarray(0, 3));
      const psi = new Float64Array(3);
      policy.score(memory, buffer, t, psi);
      const dH = new Float64Array(3);
      const h = policy.entropyGradient(memory, buffer, t, dH);
      expect(policy.entropy(memory, buffer, t)).toBeCloseTo(h, 13);
      const entropyAt = (s: number[]) => {
        let total = 0;
        for (let a = 0; a < 3; a++) {
          const l = logProbability(q, s, zeta, 1.5, a);
          total -= Math.exp(l) * l;
        }
        return total;
      };
      for (let k = 0; k < 3; k++) {
        const up = sigma.slice();
        const down = sigma.slice();
        up[k]! += 1e-6;
        down[k]! -= 1e-6;
        const a = buffer.actions[t]!;
        const fused = new Float64Array(memory.size).fill(1);
        policy.addScore(memory, buffer, t, -2.5, fused);
        expect(fused[k]).toBeCloseTo(1 - 2.5 * psi[k]!, 14);
        expect(psi[k]).toBeCloseTo((logProbability(q, up, zeta, 1.5, a) - logProbability(q, down, zeta, 1.5, a)) / 2e-6, 7);
        expect(dH[k]).toBeCloseTo((entropyAt(up) - entropyAt(down)) / 2e-6, 7);
      }
    }
  });

  it('gives a one-action state p = 1, zero score and zero entropy', () => {
    const buffer = new TrajectoryBuffer(3);
    const t = buffer.push(1);
    expect(policy.act(memory, 1, Rng.create(3), buffer, t)).toBe(0);
    expect(buffer.probabilities[0]).toBe(1);
    const psi = new Float64Array(1);
    policy.score(memory, buffer, t, psi);
    expect(psi[0] === 0).toBe(true); // +0 or -0: beta zeta (1 - 1)
    expect(policy.entropy(memory, buffer, t)).toBe(0);
  });

  it('stays finite for huge beta * q and sigma at its bounds', () => {
    const m = new MemoryTable([2]);
    m.mean.set([1e6, -1e6]);
    m.sigma.set([0.01, 100]);
    const p = new SoftThompson({ beta: 1e6 });
    const buffer = new TrajectoryBuffer(2);
    const t = buffer.push(0);
    buffer.actions[t] = p.act(m, 0, Rng.create(4), buffer, t);
    const psi = new Float64Array(2);
    const dH = new Float64Array(2);
    p.score(m, buffer, t, psi);
    expect([...psi, p.entropyGradient(m, buffer, t, dH), ...dH].every(Number.isFinite)).toBe(true);
    expect(buffer.actions[t]).toBe(0);
  });

  it('has marginal pibar = (0.320673, 0.679327) for docs/math.md 7 case u1 (|z| < 4 over 400k draws)', () => {
    const m = new MemoryTable([2]);
    m.mean.set([0.8, 1.6]);
    m.sigma.set([0.7, 1.3]);
    const p = new SoftThompson({ beta: 2 });
    const rng = Rng.create(5);
    const out = new Float64Array(2);
    const n = 400_000;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      p.probabilities(m, 0, rng, out);
      sum += out[0]!;
      squares += out[0]! * out[0]!;
    }
    const mean = sum / n;
    const se = Math.sqrt((squares / n - mean * mean) / n);
    expect(Math.abs(mean - 0.320673) / se).toBeLessThan(4);
  });

  it('rejects beta <= 0 or non-finite', () => {
    for (const beta of [0, -1, Number.NaN, Infinity]) expect(() => new SoftThompson({ beta })).toThrow(/beta/);
  });
});

describe('HardThompson and SoftmaxPolicy', () => {
  it('hard Thompson takes the argmax of q + sigma zeta and has no score', () => {
    const m = new MemoryTable([3]);
    m.mean.set([0, 5, 0]);
    m.sigma.set([1e-9, 1e-9, 1e-9]);
    const p = new HardThompson();
    const buffer = new TrajectoryBuffer(3);
    const t = buffer.push(0);
    expect(p.act(m, 0, Rng.create(1), buffer, t)).toBe(1);
    expect(Array.from(buffer.probabilities.subarray(0, 3))).toEqual([0, 1, 0]);
    expect(() => p.score()).toThrow(/not differentiable/);
  });

  it('softmax ignores sigma: zero noise, p = softmax(beta q), zero score', () => {
    const m = new MemoryTable([2]);
    m.mean.set([0, Math.log(3)]);
    m.sigma.set([50, 50]);
    const p = new SoftmaxPolicy({ beta: 1 });
    const buffer = new TrajectoryBuffer(2);
    const t = buffer.push(0);
    p.act(m, 0, Rng.create(1), buffer, t);
    expect(buffer.probabilities[0]).toBeCloseTo(0.25, 15);
    expect(Array.from(buffer.zeta.subarray(0, 2))).toEqual([0, 0]);
    const psi = new Float64Array(2).fill(9);
    p.score(m, buffer, t, psi);
    expect(Array.from(psi)).toEqual([0, 0]);
  });
});

describe('the kernel declaration (policy.kernel)', () => {
  it('SoftThompson declares its WebAssembly twin; hard Thompson and softmax declare none', () => {
    expect(new SoftThompson({ beta: 2 }).kernel).toEqual({ kind: 'soft-thompson' });
    expect(new HardThompson().kernel).toBeNull();
    expect(new SoftmaxPolicy({ beta: 2 }).kernel).toBeNull();
  });

  it('a subclass that replaces act, probabilities, entropy or addScore loses it, unless it claims it back', () => {
    class Tempered extends SoftThompson {
      override probabilities(memory: MemoryTable, state: number, rng: Rng, out: Float64Array): void {
        super.probabilities(memory, state, rng, out);
        out[0] = 1;
      }
    }
    class Logged extends SoftThompson {
      override entropy(memory: MemoryTable, buffer: TrajectoryBuffer, t: number): number {
        return super.entropy(memory, buffer, t);
      }
      /** Its entropy gives the same bits as SoftThompson's: it claims the kernel back. */
      override get kernel() {
        return { kind: 'soft-thompson' as const };
      }
    }
    class Renamed extends SoftThompson {}
    expect(new Tempered({ beta: 2 }).kernel).toBeNull();
    expect(new Logged({ beta: 2 }).kernel).toEqual({ kind: 'soft-thompson' });
    expect(new Renamed({ beta: 2 }).kernel).toEqual({ kind: 'soft-thompson' });
  });
});

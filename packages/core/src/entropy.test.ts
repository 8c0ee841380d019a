import { describe, expect, it } from 'vitest';
import { entropyFromLogProbabilities, entropySigmaGradientInto } from './entropy.js';
import { logSoftmaxInto } from './log-softmax.js';

function entropyAt(q: number[], sigma: number[], zeta: number[], beta: number): number {
  const u = q.map((m, k) => m + sigma[k]! * zeta[k]!);
  const lp = new Float64Array(q.length);
  logSoftmaxInto(lp, 0, u, 0, q.length, beta);
  return entropyFromLogProbabilities(lp, 0, q.length);
}

describe('entropy', () => {
  it('is log K for a uniform distribution and 0 for a certain one (closed form)', () => {
    expect(entropyFromLogProbabilities(new Float64Array(4).fill(-Math.log(4)), 0, 4)).toBeCloseTo(Math.log(4), 15);
    expect(entropyFromLogProbabilities(Float64Array.of(0, -Infinity), 0, 2)).toBe(0);
  });

  it('has the pathwise sigma gradient -beta zeta_k p_k (lp_k + H) (oracle: central differences)', () => {
    const q = [1, 0, -0.5];
    const sigma = [0.5, 1, 0.3];
    const zeta = [0.3, -1.2, 0.8];
    const beta = 1.5;
    const u = q.map((m, k) => m + sigma[k]! * zeta[k]!);
    const lp = new Float64Array(3);
    logSoftmaxInto(lp, 0, u, 0, 3, beta);
    const h = entropyFromLogProbabilities(lp, 0, 3);
    const grad = new Float64Array(3);
    entropySigmaGradientInto(grad, 0, zeta, 0, lp, 0, 3, beta, h);
    for (let k = 0; k < 3; k++) {
      const up = sigma.slice();
      const down = sigma.slice();
      up[k]! += 1e-6;
      down[k]! -= 1e-6;
      const fd = (entropyAt(q, up, zeta, beta) - entropyAt(q, down, zeta, beta)) / 2e-6;
      expect(grad[k]).toBeCloseTo(fd, 8);
    }
  });

  it('stays finite when a probability underflows', () => {
    const lp = new Float64Array(2);
    logSoftmaxInto(lp, 0, [1e6, 0], 0, 2, 10);
    const grad = new Float64Array(2);
    entropySigmaGradientInto(grad, 0, [1, 1], 0, lp, 0, 2, 10, entropyFromLogProbabilities(lp, 0, 2));
    expect(Array.from(grad).every(Number.isFinite)).toBe(true);
  });
});

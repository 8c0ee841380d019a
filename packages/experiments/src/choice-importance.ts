import { BadInputError } from '@dra/core';
import type { MemoryTable, TabularModel } from '@dra/core';

/**
 * Optimal action values of a tabular model by value iteration,
 *   Q*(s,a) = sum_s' P(s'|s,a) [ r(s,a,s') + gamma * max_a' Q*(s',a') ],
 * with Q* = 0 past terminal states. Finite-horizon tasks are acyclic here (the layer is
 * part of the state), so gamma = 1 converges in `horizon` sweeps; other tasks need gamma < 1
 * and stop when a sweep changes nothing by more than `tolerance`. One value per memory slot.
 */
export function optimalActionValues(model: TabularModel, gamma: number, tolerance = 1e-10, maxSweeps = 100_000): Float64Array {
  const q = new Float64Array(model.actionStart[model.stateCount]!);
  const v = new Float64Array(model.stateCount);
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let change = 0;
    for (let i = 0; i < q.length; i++) {
      let value = 0;
      for (let j = model.transitionStart[i]!; j < model.transitionStart[i + 1]!; j++) {
        const next = model.nextState[j]!;
        value += model.probability[j]! * (model.reward[j]! + (model.terminal[next] ? 0 : gamma * v[next]!));
      }
      change = Math.max(change, Math.abs(value - q[i]!));
      q[i] = value;
    }
    for (let s = 0; s < model.stateCount; s++) {
      let best = 0;
      const a = model.actionStart[s]!;
      const b = model.actionStart[s + 1]!;
      if (b > a) {
        best = -Infinity;
        for (let i = a; i < b; i++) best = Math.max(best, q[i]!);
      }
      v[s] = best;
    }
    if (change <= tolerance) return q;
  }
  throw new BadInputError(`value iteration did not converge in ${maxSweeps} sweeps (gamma = ${gamma}); a task without a fixed horizon needs gamma < 1`);
}

/**
 * d' of two memories (docs/glossary.md): how far apart their means are in units of their
 * combined noise, |q_a - q_b| / sqrt(sigma_a^2 + sigma_b^2) (docs/tasks.md 2).
 */
export function dPrime(meanA: number, meanB: number, sigmaA: number, sigmaB: number): number {
  return Math.abs(meanA - meanB) / Math.sqrt(sigmaA * sigmaA + sigmaB * sigmaB);
}

/** How a state's two most valuable choices differ in reward, and how precisely they are remembered. */
export interface ChoiceImportance {
  state: number;
  /** Q*(best) - Q*(second best): the cumulative reward the choice between them is worth. */
  rewardDifference: number;
  /** Mean sigma of the two memories. */
  sigma: number;
  /** d' = |q1 - q2| / sqrt(sigma1^2 + sigma2^2) of the two memories (docs/tasks.md 2). */
  dPrime: number;
}

/**
 * For every state with at least two memories that are learned (not known exactly), its
 * choice importance: the top two actions by Q*, their reward difference, mean sigma and d'.
 */
export function choiceImportance(model: TabularModel, memory: MemoryTable, gamma: number): ChoiceImportance[] {
  const qStar = optimalActionValues(model, gamma);
  const rows: ChoiceImportance[] = [];
  for (let s = 0; s < memory.stateCount; s++) {
    const a = memory.actionStart[s]!;
    const b = memory.actionStart[s + 1]!;
    const learned: number[] = [];
    for (let i = a; i < b; i++) if (memory.known[i] === 0) learned.push(i);
    if (learned.length < 2) continue;
    learned.sort((x, y) => qStar[y]! - qStar[x]!);
    const [i, j] = learned as [number, number];
    const s1 = memory.sigma[i]!;
    const s2 = memory.sigma[j]!;
    rows.push({
      state: s,
      rewardDifference: qStar[i]! - qStar[j]!,
      sigma: (s1 + s2) / 2,
      dPrime: dPrime(memory.mean[i]!, memory.mean[j]!, s1, s2),
    });
  }
  return rows;
}

/** Spearman rank correlation (ties get their mean rank); NaN for fewer than 2 points or a constant series. */
export function spearman(x: readonly number[], y: readonly number[]): number {
  return pearson(ranks(x), ranks(y));
}

/** Pearson correlation; NaN for fewer than 2 points or a constant series. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  if (n < 2 || y.length !== n) return NaN;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}

/** Least-squares slope of y on x (with intercept); NaN when x is constant. */
export function slope(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  return sxx === 0 ? NaN : sxy / sxx;
}

function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) out[order[k]![1]] = (i + j) / 2;
    i = j + 1;
  }
  return out;
}

import { sampleMean, standardError } from '../sample-statistics.js';

/** A mean over seeds with its standard error (NaN for one seed) and the count. */
export interface Stat {
  mean: number;
  se: number;
  n: number;
}

/** Mean, standard error over seeds (NaN for one seed) and count of `values`. */
export function stat(values: readonly number[]): Stat {
  return { mean: sampleMean(values), se: standardError(values), n: values.length };
}

/** "m +- se" with `digits` decimals (no "+-" for one seed). */
export function formatStat(s: Stat, digits = 2): string {
  return Number.isFinite(s.se) ? `${s.mean.toFixed(digits)} +- ${s.se.toFixed(digits)}` : s.mean.toFixed(digits);
}

/** One claim of the paper checked against our numbers. */
export interface Check {
  id: string;
  claim: string;
  ours: string;
  reference: string;
  /** The rule applied, in words. */
  rule: string;
  pass: boolean;
}

/**
 * Our mean against a published range of `publishedRuns`-run means (docs/tasks.md 1: 5 runs per
 * sigma0). The range's ends are themselves means with sampling error, so the distance by which
 * our mean falls outside the range is scaled by the combined standard error of our mean and of
 * a `publishedRuns`-run mean (its per-run spread estimated from our seeds): |z| < 3, the rule
 * of the other comparisons. Inside the range, z = 0.
 */
export function withinRange(id: string, claim: string, ours: Stat, range: readonly [number, number], source: string, digits = 2, publishedRuns = 5): Check {
  const se = Number.isFinite(ours.se) ? ours.se : 0;
  const sePublished = (se * Math.sqrt(ours.n)) / Math.sqrt(publishedRuns);
  const outside = ours.mean < range[0] ? range[0] - ours.mean : ours.mean > range[1] ? ours.mean - range[1] : 0;
  const combined = Math.hypot(se, sePublished);
  const z = outside === 0 ? 0 : combined > 0 ? outside / combined : Infinity;
  return {
    id,
    claim,
    ours: formatStat(ours, digits),
    reference: `[${range[0]}, ${range[1]}] (${source})`,
    rule: `inside the range of ${publishedRuns}-run means, or outside by |z| < 3 (z = ${z.toFixed(2)})`,
    pass: z < 3,
  };
}

/**
 * Our mean agrees with a reference mean +- sd over `seeds` runs: |z| < 3 with both means' errors.
 * Our error is at least the reference's spread over our seed count, reference.sd / sqrt(n): a
 * correct implementation has the reference's spread, and a handful of seeds can underestimate
 * it badly (5 seeds may show a third of it), which would make a correct run fail.
 */
export function agrees(id: string, claim: string, ours: Stat, reference: { mean: number; sd: number; seeds: number; source: string }, digits = 2): Check {
  const oursSe = Math.max(Number.isFinite(ours.se) ? ours.se : 0, reference.sd / Math.sqrt(ours.n));
  const se = Math.sqrt(oursSe ** 2 + reference.sd ** 2 / reference.seeds);
  const z = (ours.mean - reference.mean) / se;
  return {
    id,
    claim,
    ours: formatStat(ours, digits),
    reference: `${reference.mean} +- ${reference.sd} sd over ${reference.seeds} seeds (${reference.source})`,
    rule: `|z| < 3 (z = ${z.toFixed(2)})`,
    pass: Math.abs(z) < 3,
  };
}

/**
 * The fewest of n paired seeds that must share a sign for a one-sided sign test to reject "no
 * effect" at the 3-sigma level: the smallest k with P(X >= k) <= 0.00135 for X ~ Binomial(n, 1/2);
 * null when even k = n does not reach it (n < 10).
 */
export function signTestThreshold(n: number): number | null {
  let tail = 0;
  let choose = 1; // C(n, j), from j = n down
  for (let k = n; k >= 0; k--) {
    tail += choose / 2 ** n;
    if (tail > 0.00135) return k === n ? null : k + 1;
    choose = (choose * k) / (n - k + 1);
  }
  return 0;
}

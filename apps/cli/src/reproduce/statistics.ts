/** A mean over seeds with its standard error (NaN for one seed) and the count. */
export interface Stat {
  mean: number;
  se: number;
  n: number;
}

export function stat(values: readonly number[]): Stat {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const se = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) / n) : NaN;
  return { mean, se, n };
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
 * Our mean is inside a published range widened by two of our standard errors (the range is
 * itself a spread of 5-run means).
 */
export function withinRange(id: string, claim: string, ours: Stat, range: readonly [number, number], source: string, digits = 2): Check {
  const slack = 2 * (Number.isFinite(ours.se) ? ours.se : 0);
  return {
    id,
    claim,
    ours: formatStat(ours, digits),
    reference: `[${range[0]}, ${range[1]}] (${source})`,
    rule: 'mean within the range widened by 2 s.e.',
    pass: ours.mean >= range[0] - slack && ours.mean <= range[1] + slack,
  };
}

/** Our mean agrees with a reference mean +- sd over `seeds` runs: |z| < 3 with both means' errors. */
export function agrees(id: string, claim: string, ours: Stat, reference: { mean: number; sd: number; seeds: number; source: string }, digits = 2): Check {
  const se = Math.sqrt((Number.isFinite(ours.se) ? ours.se ** 2 : 0) + reference.sd ** 2 / reference.seeds);
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

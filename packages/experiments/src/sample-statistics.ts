/** The sample mean, summed in order; NaN for no values. */
export function sampleMean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/**
 * The standard error of the sample mean, sqrt(sum (v - mean)^2 / (n - 1) / n); NaN for fewer
 * than two values.
 */
export function standardError(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return NaN;
  const m = sampleMean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (n - 1) / n);
}

/**
 * The standard error of a mean kept as running sums (no stored values), sum v and sum v^2 over
 * n values: sqrt((sum v^2 / n - mean^2) / (n - 1)), the same quantity as `standardError`.
 */
export function standardErrorOfSums(sum: number, squares: number, n: number): number {
  const mean = sum / n;
  return Math.sqrt(Math.max(0, squares / n - mean * mean) / Math.max(1, n - 1));
}

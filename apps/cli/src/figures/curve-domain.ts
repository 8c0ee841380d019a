/** The y range of a convergence panel when the data's own would hide what matters. */
export interface CurveAxis {
  /** Axis limits, drawn as given (no rounding out by the plotting library). */
  domain: [number, number];
  /** Evaluations below `domain[0]` fall outside the panel (the first ones, before learning). */
  cut: boolean;
}

/** Share of the later half's values allowed below the range's informative low end. */
const LOW_QUANTILE = 0.05;
/** The axis is cut only when the full range is more than this many times the informative one. */
const SQUASH = 3;

/**
 * The y range of a convergence panel that shows the informative part of the curves: from a
 * low quantile (5%) of the values of the later half of training, less as much again as the
 * curves span above it, to their highest value. The first evaluations of an untrained memory
 * (an objective of -800 on the maze, where training ends near -40) would otherwise flatten
 * every later difference into one line; they are cut, and the figure says so. Null when the
 * full range is at most three times that one (the data's own range is kept: cutting would hide
 * more than it shows). A single value gets a range around it.
 */
export function informativeAxis(points: readonly { episode: number; value: number | null }[]): CurveAxis | null {
  const finite = points.filter((p): p is { episode: number; value: number } => p.value !== null && Number.isFinite(p.value));
  const single = singleValueAxis(finite.map((p) => p.value));
  if (single !== undefined) return single;
  const low = least(finite.map((p) => p.value));
  const high = -least(finite.map((p) => -p.value));
  const first = least(finite.map((p) => p.episode));
  const last = -least(finite.map((p) => -p.episode));
  const later = finite.filter((p) => p.episode >= (first + last) / 2).map((p) => p.value).sort((a, b) => a - b);
  const lateLow = later[Math.floor(LOW_QUANTILE * (later.length - 1))]!;
  const span = high - lateLow;
  if (!(span > 0)) return null;
  const lower = rounded(lateLow - span, 10 ** Math.floor(Math.log10(span)), Math.floor);
  const upper = rounded(high + 0.05 * span, 10 ** (Math.floor(Math.log10(span)) - 1), Math.ceil);
  if (high - low <= SQUASH * (upper - lower)) return null;
  return { domain: [lower, upper], cut: true };
}

/**
 * For values that are all one number (a run with a single evaluation, a memory cost that stays 0),
 * a range of +- 10% around it (at least +- 1), where the plotting library would draw an empty
 * axis; null when there are no values, undefined when they differ.
 */
export function singleValueAxis(values: readonly (number | null)[]): CurveAxis | null | undefined {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length === 0) return null;
  const low = least(finite);
  if (finite.some((v) => v !== low)) return undefined;
  const pad = Math.max(1, Math.abs(low) * 0.1);
  const step = 10 ** Math.floor(Math.log10(pad));
  return { domain: [rounded(low - pad, step, Math.floor), rounded(low + pad, step, Math.ceil)], cut: false };
}

/** The least of many values (no argument-count limit, unlike Math.min(...values)). */
const least = (values: readonly number[]) => values.reduce((a, b) => Math.min(a, b), Infinity);

/** `x` rounded (down or up) to a multiple of `step`. */
function rounded(x: number, step: number, round: (x: number) => number): number {
  return Number((round(x / step) * step).toPrecision(12));
}

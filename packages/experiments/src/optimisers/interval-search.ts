import { BadInputError } from '@dra/core';
/** The best point found by `minimiseOnInterval` and the evaluations it took. */
export interface IntervalMinimum {
  x: number;
  value: number;
  evaluations: number;
}

/**
 * Deterministic 1-D minimisation of f on [lower, upper]: f on `gridPoints` evenly spaced points
 * (both ends included), then golden-section search in the two grid cells around the best of
 * them for `refinements` steps (each shrinks the bracket by 0.618). Returns the best point
 * evaluated. A grid first, because with common random numbers a mean return is a step
 * function of sigma with many small steps: golden section alone can stall on a step far from
 * the optimum, the grid cannot miss a basin wider than its spacing.
 */
export function minimiseOnInterval(f: (x: number) => number, lower: number, upper: number, gridPoints = 100, refinements = 30): IntervalMinimum {
  if (!(Number.isFinite(lower) && Number.isFinite(upper) && lower <= upper)) throw new BadInputError(`interval must be finite with lower <= upper, got [${lower}, ${upper}]`);
  if (!Number.isSafeInteger(gridPoints) || gridPoints < 2) throw new BadInputError(`gridPoints must be a whole number >= 2, got ${gridPoints}`);
  if (!Number.isSafeInteger(refinements) || refinements < 0) throw new BadInputError(`refinements must be a whole number >= 0, got ${refinements}`);
  let best = { x: lower, value: Infinity };
  let evaluations = 0;
  const at = (x: number): number => {
    const v = f(x);
    evaluations++;
    const value = Number.isNaN(v) ? Infinity : v;
    if (value < best.value) best = { x, value };
    return value;
  };
  const spacing = (upper - lower) / (gridPoints - 1);
  let bestIndex = 0;
  let bestGrid = Infinity;
  for (let i = 0; i < gridPoints; i++) {
    const value = at(i === gridPoints - 1 ? upper : lower + i * spacing);
    if (value < bestGrid) {
      bestGrid = value;
      bestIndex = i;
    }
  }
  let a = Math.max(lower, lower + (bestIndex - 1) * spacing);
  let b = Math.min(upper, lower + (bestIndex + 1) * spacing);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = refinements > 0 ? at(c) : Infinity;
  let fd = refinements > 1 ? at(d) : Infinity;
  for (let k = 2; k < refinements; k++) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = at(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = at(d);
    }
  }
  return { x: best.x, value: best.value, evaluations };
}

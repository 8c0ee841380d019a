/**
 * What every figure shares so that they read alike: legends of line series, the names of the
 * objectives, the separator of title parts and the labelled values of log colour scales.
 */

/**
 * Legend of line series: a short stroke in the series' colour at full opacity, as the line is
 * drawn (vega-lite would otherwise show the first layer's swatch, e.g. a pale error band).
 */
export const LINE_LEGEND = { symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolOpacity: 1, symbolSize: 300 } as const;

const OBJECTIVE_NAMES: Readonly<Record<string, string>> = { dra: 'DRA', eq8: 'Eq. 8', eq10: 'Eq. 10' };

/** An objective as the figures name it: 'DRA', 'Eq. 8', 'Eq. 10'; a plugin objective by its id. */
export const objectiveName = (id: string): string => OBJECTIVE_NAMES[id] ?? id;

/** Joins the parts of a figure title: "maze · DRA · seed 2". */
export const titleParts = (...parts: readonly (string | null)[]): string => parts.filter((p) => p !== null && p !== '').join(' · ');

/** Mantissas tried in turn for the labels of a log scale, sparse to dense. */
const LOG_MANTISSAS = [[1], [1, 2, 5], [1, 2, 3, 5], [1, 1.5, 2, 3, 4, 5, 7]] as const;

/**
 * Values to label on a log colour scale spanning [low, high]: 1, 10, 100, ... when that gives
 * at least four labels, else 1-2-5, 1-2-3-5 or denser steps per decade, so that a legend over a
 * narrow range (sigma from 0.5 to 3) is still readable. Only values inside the range; a range
 * with none of them gives its two ends, a single-valued range its one value, an empty one none.
 */
export function logLegendValues(low: number, high: number): number[] {
  if (!(low > 0) || !(high >= low)) return [];
  if (high === low) return [low];
  const values = (mantissas: readonly number[]) => {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(low)); e <= Math.ceil(Math.log10(high)); e++) {
      for (const m of mantissas) {
        const v = Number((m * 10 ** e).toPrecision(6));
        if (v >= low && v <= high) out.push(v);
      }
    }
    return out;
  };
  let best: number[] = [];
  for (const mantissas of LOG_MANTISSAS) {
    best = values(mantissas);
    if (best.length >= 4) return best;
  }
  return best.length > 0 ? best : [low, high];
}

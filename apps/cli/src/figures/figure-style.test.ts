import { describe, expect, it } from 'vitest';
import { informativeAxis, singleValueAxis } from './curve-domain.js';
import { logLegendValues, objectiveName, titleParts } from './figure-style.js';
import { fontAdvances, fontFile, hasGlyph } from './text-metrics.js';

describe('logLegendValues', () => {
  it('labels a narrow log range (sigma 0.3 to 2.6) at four or more values, not only at 1 and 2', () => {
    const values = logLegendValues(0.3, 2.6);
    expect(values.length).toBeGreaterThanOrEqual(4);
    expect(values).toEqual([0.3, 0.5, 1, 2]);
  });

  it('keeps to decades over a wide range, stays inside the range, and copes with one value', () => {
    expect(logLegendValues(0.01, 100)).toEqual([0.01, 0.1, 1, 10, 100]);
    for (const [low, high] of [[0.42, 5.3], [1, 100], [0.011, 0.09]] as const) {
      const values = logLegendValues(low, high);
      expect(values.length, `${low}..${high}`).toBeGreaterThanOrEqual(3);
      for (const v of values) expect(v >= low && v <= high, `${v} in ${low}..${high}`).toBe(true);
    }
    expect(logLegendValues(2, 2)).toEqual([2]);
    expect(logLegendValues(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY)).toEqual([]);
  });
});

describe('objective names and titles', () => {
  it('names the objectives as the paper does, a plugin by its id, and joins title parts once each', () => {
    expect(['dra', 'eq8', 'eq10', 'scaled-dra'].map(objectiveName)).toEqual(['DRA', 'Eq. 8', 'Eq. 10', 'scaled-dra']);
    expect(titleParts('maze', 'DRA', null, '', 'seed 2')).toBe('maze · DRA · seed 2');
  });
});

describe('informativeAxis', () => {
  const curve = (values: number[], every = 100) => values.map((value, i) => ({ episode: i * every, value }));

  it('cuts the first evaluations of an untrained memory (-800) and starts above them, near where training ends', () => {
    const axis = informativeAxis(curve([-803, -62, -40]))!;
    expect(axis.cut).toBe(true);
    expect(axis.domain[0]).toBeGreaterThan(-803);
    expect(axis.domain[0]).toBeLessThanOrEqual(-62 - 22); // the later half's low end, less the span above it
    expect(axis.domain[1]).toBeGreaterThanOrEqual(-40);
  });

  it('keeps the data range when cutting would hide more than it shows, and gives a lone value a range', () => {
    expect(informativeAxis(curve([2, 28, 30, 34, 40]))).toBeNull();
    expect(informativeAxis(curve([-300, -260, -250, -240, -230]))).toBeNull();
    expect(informativeAxis(curve([1.775]))).toEqual({ domain: [0, 3], cut: false });
    expect(singleValueAxis([0, 0, null])).toEqual({ domain: [-1, 1], cut: false });
    expect(singleValueAxis([0, 1])).toBeUndefined();
    expect(informativeAxis([])).toBeNull();
  });
});

describe('the shipped font', () => {
  it('has every character the figures print (×, ·), and measures text as drawn: narrower than vega\'s 0.8 em guess', () => {
    const regular = fontFile('regular');
    const bold = fontFile('bold');
    for (const char of ['×', '·', '±', "'", 'λ', 'σ']) {
      expect(hasGlyph(regular, char), char).toBe(true);
      expect(hasGlyph(bold, char), char).toBe(true);
    }
    expect(hasGlyph(regular, '\u{1F600}')).toBe(false);
    const advance = fontAdvances(regular);
    expect(advance('i'.codePointAt(0)!)).toBeLessThan(advance('W'.codePointAt(0)!));
    const text = 'velocity bin: round((v + 0.07) × 100)';
    const em = [...text].reduce((sum, c) => sum + advance(c.codePointAt(0)!), 0);
    expect(em).toBeGreaterThan(0.45 * text.length);
    expect(em).toBeLessThan(0.7 * text.length);
  });
});

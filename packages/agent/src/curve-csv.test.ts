import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURVE_COLUMNS, parseCurveCsv } from './curve-csv.js';

const header = CURVE_COLUMNS.join(',');

describe('parseCurveCsv', () => {
  it('reads back the rows of a curve, CRLF or LF, with or without a final newline', () => {
    const text = `${header}\n0,-900.5,-800,100.5,5.25\n100,-20,-14,6,1.5\n`;
    const expected = [
      { episode: 0, objective: -900.5, return: -800, memoryCost: 100.5, actionEntropy: 5.25 },
      { episode: 100, objective: -20, return: -14, memoryCost: 6, actionEntropy: 1.5 },
    ];
    expect(parseCurveCsv(text)).toEqual(expected);
    expect(parseCurveCsv(text.replace(/\n/g, '\r\n').trimEnd())).toEqual(expected);
  });

  it.each([
    ['', /line 1: expected the header/],
    [`${header}\n`, /no evaluations/],
    ['episode,objective\n0,1', /line 1: expected the header/],
    [`${header}\n0,1,2,3`, /line 2: expected 5 fields, got 4/],
    [`${header}\n0,NaN,2,3,4`, /line 2: objective must be a finite number, got "NaN"/],
    [`${header}\n0,1,2,,4`, /line 2: memoryCost must be a finite number, got ""/],
    [`${header}\n0.5,1,2,3,4`, /line 2: episode must be a whole number >= 0, got 0.5/],
    [`${header}\n100,1,2,3,4\n100,1,2,3,4`, /line 3: episodes must increase, got 100 after 100/],
  ])('refuses %j, naming the line and value', (text, message) => {
    expect(() => parseCurveCsv(text)).toThrow(message);
  });

  it('never throws anything but a RangeError, whatever the text (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `${header}\n${s}`)), (text) => {
        try {
          parseCurveCsv(text);
        } catch (error) {
          expect(error).toBeInstanceOf(RangeError);
        }
      }),
    );
  });
});

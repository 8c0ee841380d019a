import { BadInputError } from '@dra/core';
import type { CurvePoint } from './train.js';

/** Columns of a run's `curve.csv`, in order. */
export const CURVE_COLUMNS = ['episode', 'objective', 'return', 'memoryCost', 'actionEntropy'] as const;

/**
 * Parses a run's `curve.csv` (as `dra run --out` writes it): the header
 * `episode,objective,return,memoryCost,actionEntropy`, then one row of finite numbers per
 * evaluation, episodes whole and increasing. Throws a RangeError naming the line, column and value.
 */
export function parseCurveCsv(text: string): CurvePoint[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines[0] !== CURVE_COLUMNS.join(',')) throw new BadInputError(`line 1: expected the header ${CURVE_COLUMNS.join(',')}, got ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`);
  if (lines.length < 2) throw new BadInputError('no evaluations after the header');
  const curve: CurvePoint[] = [];
  for (let i = 1; i < lines.length; i++) {
    const fields = lines[i]!.split(',');
    if (fields.length !== CURVE_COLUMNS.length) throw new BadInputError(`line ${i + 1}: expected ${CURVE_COLUMNS.length} fields, got ${fields.length}`);
    const values = fields.map((f, k) => {
      const v = f.trim() === '' ? NaN : Number(f);
      if (!Number.isFinite(v)) throw new BadInputError(`line ${i + 1}: ${CURVE_COLUMNS[k]} must be a finite number, got ${JSON.stringify(f.slice(0, 40))}`);
      return v;
    });
    const [episode, objective, ret, memoryCost, actionEntropy] = values as [number, number, number, number, number];
    if (!Number.isSafeInteger(episode) || episode < 0) throw new BadInputError(`line ${i + 1}: episode must be a whole number >= 0, got ${fields[0]}`);
    const previous = curve[curve.length - 1];
    if (previous !== undefined && episode <= previous.episode) throw new BadInputError(`line ${i + 1}: episodes must increase, got ${episode} after ${previous.episode}`);
    curve.push({ episode, objective, return: ret, memoryCost, actionEntropy });
  }
  return curve;
}

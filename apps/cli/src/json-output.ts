/**
 * JSON text for results, refusing non-finite numbers (JSON.stringify would silently turn
 * NaN and Infinity into null). The error names the path of the offending value.
 */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(
    value,
    function check(this: unknown, key: string, v: unknown) {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new RangeError(`refusing to write non-finite number ${v} at "${key}"`);
      return v;
    },
    indent,
  );
}

/** CSV text with a header; numbers in their shortest round-trip form, null as an empty field, words as they are. */
export function toCsv(columns: readonly string[], rows: readonly (readonly (number | string | null)[])[]): string {
  const lines = [columns.join(',')];
  for (const row of rows) {
    for (const v of row) if (typeof v === 'number' && !Number.isFinite(v)) throw new RangeError(`refusing to write non-finite number ${v} to CSV`);
    lines.push(row.map((v) => (v === null ? '' : String(v))).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** A copy of plain data with every non-finite number (an undefined mean or standard error) as null. */
export function nonFiniteAsNull<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))) as T;
}

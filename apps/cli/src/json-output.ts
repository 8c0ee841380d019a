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

/** CSV text with a header; numbers in their shortest round-trip form. */
export function toCsv(columns: readonly string[], rows: readonly (readonly number[])[]): string {
  const lines = [columns.join(',')];
  for (const row of rows) {
    for (const v of row) if (!Number.isFinite(v)) throw new RangeError(`refusing to write non-finite number ${v} to CSV`);
    lines.push(row.map(String).join(','));
  }
  return `${lines.join('\n')}\n`;
}

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

/**
 * CSV text with a header: numbers in their shortest round-trip form, null (or undefined) as
 * an empty field, booleans and words as they are, other values as JSON; a field holding a
 * comma, quote or line break is quoted (RFC 4180). Non-finite numbers are refused.
 */
export function toCsv(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`refusing to write non-finite number ${value} to CSV`);
    return String(value);
  }
  const text = typeof value === 'string' ? value : typeof value === 'boolean' ? String(value) : toJson(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A copy of plain data with every non-finite number (an undefined mean or standard error) as null. */
export function nonFiniteAsNull<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))) as T;
}

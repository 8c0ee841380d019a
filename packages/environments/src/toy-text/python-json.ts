/**
 * JSON text exactly as Python's `json.dump` writes it with its default separators (", " and
 * ": ", no indent): Python floats keep their ".0" and use Python's exponent form, integers do
 * not, so a table generated here is byte for byte what a user of Gymnasium gets.
 */

/** A Python float in a value to write (a plain JS number is written as a Python int). */
export class PythonFloat {
  constructor(readonly value: number) {}
}

/** A value `pythonJson` writes: objects, arrays, strings, booleans, ints, `PythonFloat`s. */
export type PythonValue = PythonFloat | number | boolean | string | null | readonly PythonValue[] | { readonly [key: string]: PythonValue };

/** `repr(x)` of a Python float: shortest round-trip digits, fixed notation for 1e-4 <= |x| < 1e16, else d.ddde+XX. */
export function pythonFloatText(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = x.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
    const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    return `${sign}${whole}.${digits.slice(exponent + 1) || '0'}`;
  }
  const shown = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${shown}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** The text `json.dump(value, f)` writes. */
export function pythonJson(value: PythonValue): string {
  if (value instanceof PythonFloat) return pythonFloatText(value.value);
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`a Python int must be a whole number, got ${value} (wrap floats in PythonFloat)`);
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (Array.isArray(value)) return `[${value.map((v) => pythonJson(v as PythonValue)).join(', ')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`).join(', ')}}`;
}

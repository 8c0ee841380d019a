import { InvalidArgumentError } from 'commander';

/** Commander parser for a number flag: rejects empty strings, NaN and infinities, naming the value. */
export function finiteNumber(value: string): number {
  const trimmed = value.trim();
  const n = trimmed === '' ? NaN : Number(trimmed);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`expected a finite number, got '${value}'.`);
  return n;
}

/** Commander parser for a whole-number flag (digits only, within the safe-integer range). */
export function wholeNumber(value: string): number {
  const trimmed = value.trim();
  if (!/^-?\d+$/.test(trimmed) || !Number.isSafeInteger(Number(trimmed))) {
    throw new InvalidArgumentError(`expected a whole number, got '${value}'.`);
  }
  return Number(trimmed);
}

/** Commander parser for a flag that takes one of a fixed set of words. */
export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value: string) => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`expected one of ${choices.join(', ')}, got '${value}'.`);
    }
    return value as T;
  };
}

/** `sigmaBase` -> `--sigma-base`: the flag that sets a settings field. */
export function flagName(field: string): string {
  return `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

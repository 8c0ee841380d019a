import type { StepDecay } from '@dra/core';
import { InvalidArgumentError } from 'commander';

/** Commander parser for a number flag: rejects empty strings, NaN and infinities, naming the value. */
export function finiteNumber(value: string): number {
  const trimmed = value.trim();
  const n = trimmed === '' ? NaN : Number(trimmed);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`expected a finite number, got '${value}'.`);
  return n;
}

/** Commander parser for Eq. 10's T_ref: a finite number or the word `realised`. */
export function tRefValue(value: string): number | 'realised' {
  if (value.trim() === 'realised') return 'realised';
  try {
    return finiteNumber(value);
  } catch {
    throw new InvalidArgumentError(`expected a finite number or 'realised', got '${value}'.`);
  }
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

/** Commander parser for a comma-separated list of distinct words out of `choices`, e.g. `dra,eq8`. */
export function distinctList<T extends string>(choices: readonly T[], noun: string): (value: string) => T[] {
  return (value: string) => {
    const ids = value.split(',').map((v) => v.trim());
    const bad = ids.find((id) => !(choices as readonly string[]).includes(id));
    if (bad !== undefined) throw new InvalidArgumentError(`expected a comma-separated list of ${choices.join(', ')}, got '${bad}'.`);
    if (new Set(ids).size !== ids.length) throw new InvalidArgumentError(`expected each ${noun} once, got '${value}'.`);
    return ids as T[];
  };
}

/** `sigmaBase` -> `--sigma-base`: the flag that sets a settings field. */
export function flagName(field: string): string {
  return `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Commander parser for a comma-separated list of finite numbers, e.g. `0,2,1` or `-0.5,0`. */
export function numberList(value: string): number[] {
  const parts = value.split(',');
  const numbers = parts.map((part) => (part.trim() === '' ? NaN : Number(part.trim())));
  if (numbers.some((n) => !Number.isFinite(n))) throw new InvalidArgumentError(`expected comma-separated finite numbers, got '${value}'.`);
  return numbers;
}

/** Commander parser for a comma-separated list of whole numbers, e.g. `3,6,9`. */
export function wholeNumberList(value: string): number[] {
  const numbers = value.split(',').map((part) => part.trim());
  if (numbers.some((part) => !/^-?\d+$/.test(part) || !Number.isSafeInteger(Number(part)))) {
    throw new InvalidArgumentError(`expected comma-separated whole numbers, got '${value}'.`);
  }
  return numbers.map(Number);
}

/** Commander parser for `true` or `false`. */
export function booleanWord(value: string): boolean {
  if (value === 'true' || value === 'false') return value === 'true';
  throw new InvalidArgumentError(`expected true or false, got '${value}'.`);
}

/**
 * What a flag parser returns for the word `none`. Commander cannot carry null from a parser
 * (it stores true instead), so parsers return this and callers map it with `noneAsNull`.
 */
export const NONE = 'none';

export function noneAsNull<T>(value: T | typeof NONE): T | null {
  return value === NONE ? null : (value as T);
}

/** A step decay flag: `1000` (tau; power 1), `1000,0.6` (tau, power) or `none` (`NONE`). */
export function stepDecayValue(value: string): StepDecay | typeof NONE {
  if (value === 'none') return NONE;
  const numbers = numberList(value);
  if (numbers.length === 1) return { tau: numbers[0]!, power: 1 };
  if (numbers.length === 2) return { tau: numbers[0]!, power: numbers[1]! };
  throw new InvalidArgumentError(`expected tau, tau,power or none, got '${value}'.`);
}

/** Commander parser for a path flag or argument: an empty or blank path (an unset shell variable) is refused. */
export function pathValue(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError(`expected a path, got '${value}' (an unset shell variable?).`);
  return value;
}

/** `pathValue` for a repeatable or variadic path: collects the paths in order. */
export function pathList(value: string, previous: string[] = []): string[] {
  return [...previous, pathValue(value)];
}

import { BadInputError, type BetaSchedule, type StepDecay } from '@dra/core';
import type { SettingType } from './setting-types.js';

/**
 * How a setting is read from text (a command-line flag, a form field): a parser returns the
 * value, or null for the word `none`, and throws a `BadInputError` "expected <what>, got '<text>'."
 */
export type TextParser<V> = (text: string) => V | null;

const refuse = (what: string, text: string): never => {
  throw new BadInputError(`expected ${what}, got '${text}'.`);
};

/** A finite number: empty strings, NaN and infinities are refused. */
export function parseFiniteNumber(text: string): number {
  const trimmed = text.trim();
  const n = trimmed === '' ? NaN : Number(trimmed);
  return Number.isFinite(n) ? n : refuse('a finite number', text);
}

/** A whole number: digits only, within the safe-integer range. */
export function parseWholeNumber(text: string): number {
  const trimmed = text.trim();
  return /^-?\d+$/.test(trimmed) && Number.isSafeInteger(Number(trimmed)) ? Number(trimmed) : refuse('a whole number', text);
}

/** One of a fixed set of words. */
export function parseWord<T extends string>(choices: readonly T[]): (text: string) => T {
  return (text) => ((choices as readonly string[]).includes(text) ? (text as T) : refuse(`one of ${choices.join(', ')}`, text));
}

/** `true` or `false`. */
export function parseBooleanWord(text: string): boolean {
  return text === 'true' || text === 'false' ? text === 'true' : refuse('true or false', text);
}

/** Comma-separated finite numbers, e.g. `0,2,1` or `-0.5,0`. */
export function parseNumberList(text: string): number[] {
  const numbers = text.split(',').map((part) => (part.trim() === '' ? NaN : Number(part.trim())));
  return numbers.some((n) => !Number.isFinite(n)) ? refuse('comma-separated finite numbers', text) : numbers;
}

/** Eq. 10's T_ref: a finite number or the word `realised`. */
export function parseTRef(text: string): number | 'realised' {
  if (text.trim() === 'realised') return 'realised';
  const trimmed = text.trim();
  const n = trimmed === '' ? NaN : Number(trimmed);
  return Number.isFinite(n) ? n : refuse("a finite number or 'realised'", text);
}

/** `0` (a constant) or `-1,1` (uniform in [low, high]). */
export function parseQInit(text: string): number | [number, number] {
  const numbers = parseNumberList(text);
  if (numbers.length === 1) return numbers[0]!;
  return numbers.length === 2 ? [numbers[0]!, numbers[1]!] : refuse('a number or low,high', text);
}

/** `1.5,1000,10` (growth, every, max) or `none`. */
export function parseBetaSchedule(text: string): BetaSchedule | null {
  if (text === 'none') return null;
  const numbers = parseNumberList(text);
  return numbers.length === 3 ? { growth: numbers[0]!, every: numbers[1]!, max: numbers[2]! } : refuse('growth,every,max or none', text);
}

/** `1000` (tau; power 1), `1000,0.6` (tau, power) or `none`. */
export function parseStepDecay(text: string): StepDecay | null {
  if (text === 'none') return null;
  const numbers = parseNumberList(text);
  if (numbers.length === 1) return { tau: numbers[0]!, power: 1 };
  return numbers.length === 2 ? { tau: numbers[0]!, power: numbers[1]! } : refuse('tau, tau,power or none', text);
}

/** The parser a setting type implies (numbers, whole numbers, words, true/false); undefined for composite types. */
export function textParserOf(t: SettingType): TextParser<unknown> | undefined {
  if (t.kind === 'number') return t.integer ? parseWholeNumber : parseFiniteNumber;
  if (t.kind === 'enum') return parseWord(t.ids);
  if (t.kind === 'boolean') return parseBooleanWord;
  return undefined;
}

/** The placeholder a setting type implies in a flag's usage (`<n>`, `<x>`, `<id>`, `<bool>`). */
export function placeholderOf(t: SettingType): string {
  if (t.kind === 'number') return t.integer ? '<n>' : '<x>';
  if (t.kind === 'enum') return '<id>';
  if (t.kind === 'boolean') return '<bool>';
  return '<value>';
}

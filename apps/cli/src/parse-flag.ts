import { parseBooleanWord, parseFiniteNumber, parseNumberList, parseStepDecay, parseTRef, parseWholeNumber, parseWord, type TextParser } from '@dra/agent';
import { BadInputError, type StepDecay } from '@dra/core';
import { InvalidArgumentError } from 'commander';

/**
 * A commander parser from a text parser of the settings table (@dra/agent): its refusal
 * ("expected ..., got '...'.") becomes commander's invalid-argument error, and null (the word
 * `none`) becomes `NONE`, which commander can carry.
 */
export function commanderParser<V>(parse: TextParser<V>): (value: string) => V | typeof NONE {
  return (value: string) => {
    let parsed: V | null;
    try {
      parsed = parse(value);
    } catch (error) {
      if (error instanceof BadInputError) throw new InvalidArgumentError(error.message);
      throw error;
    }
    return parsed === null ? NONE : parsed;
  };
}

/** Commander parser for a number flag: rejects empty strings, NaN and infinities, naming the value. */
export const finiteNumber = commanderParser(parseFiniteNumber) as (value: string) => number;

/** Commander parser for Eq. 10's T_ref: a finite number or the word `realised`. */
export const tRefValue = commanderParser(parseTRef) as (value: string) => number | 'realised';

/** Commander parser for a whole-number flag (digits only, within the safe-integer range). */
export const wholeNumber = commanderParser(parseWholeNumber) as (value: string) => number;

/** Commander parser for a flag that takes one of a fixed set of words. */
export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
  return commanderParser(parseWord(choices)) as (value: string) => T;
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
export const numberList = commanderParser(parseNumberList) as (value: string) => number[];

/** Commander parser for a comma-separated list of whole numbers, e.g. `3,6,9`. */
export function wholeNumberList(value: string): number[] {
  const numbers = value.split(',').map((part) => part.trim());
  if (numbers.some((part) => !/^-?\d+$/.test(part) || !Number.isSafeInteger(Number(part)))) {
    throw new InvalidArgumentError(`expected comma-separated whole numbers, got '${value}'.`);
  }
  return numbers.map(Number);
}

/** Commander parser for `true` or `false`. */
export const booleanWord = commanderParser(parseBooleanWord) as (value: string) => boolean;

/**
 * What a flag parser returns for the word `none`. Commander cannot carry null from a parser
 * (it stores true instead), so parsers return this and callers map it with `noneAsNull`.
 */
export const NONE = 'none';

export function noneAsNull<T>(value: T | typeof NONE): T | null {
  return value === NONE ? null : (value as T);
}

/** A step decay flag: `1000` (tau; power 1), `1000,0.6` (tau, power) or `none` (`NONE`). */
export const stepDecayValue: (value: string) => StepDecay | typeof NONE = commanderParser(parseStepDecay);

/** Commander parser for a path flag or argument: an empty or blank path (an unset shell variable) is refused. */
export function pathValue(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError(`expected a path, got '${value}' (an unset shell variable?).`);
  return value;
}

/** `pathValue` for a repeatable or variadic path: collects the paths in order. */
export function pathList(value: string, previous: string[] = []): string[] {
  return [...previous, pathValue(value)];
}

import { BadInputError } from '@dra/core';

/** Throws a bad-input error naming the setting unless `settings[name]` is a whole number >= `min`. */
export function checkWholeSetting<S extends object>(settings: S, name: keyof S & string, min: number): void {
  const v = settings[name];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new BadInputError(`${name} must be a whole number >= ${min}, got ${String(v)}`);
}

/** Throws a bad-input error naming the setting unless `settings[name]` is a finite number > 0. */
export function checkPositiveSetting<S extends object>(settings: S, name: keyof S & string): void {
  const v = settings[name];
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new BadInputError(`${name} must be a finite number > 0, got ${String(v)}`);
}

import type { TabularModel } from '@dra/core';

/** Reading the plain fields of a model file (README "Tabular models from files"); the mapping is in tabular-model-file.ts. */

/** Refuses a field: `where` in the file, and the rule broken. */
export type Fail = (where: string, rule: string) => never;

export const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
/** A value as the file wrote it (numbers JSON cannot hold, such as 1e999, read as Infinity). */
export const show = (v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : (JSON.stringify(v) ?? String(v)));

/** A list indexed 0..k-1: a JSON array, or an object with exactly the keys "0".."k-1" (json.dump of a dict with int keys). */
export function indexedList(value: unknown, field: string, fail: Fail): unknown[] {
  if (Array.isArray(value)) return value;
  if (!isRecord(value)) return fail(field, `expected a list or an object with keys "0", "1", ..., got ${show(value)}`);
  const keys = Object.keys(value);
  const list: unknown[] = new Array(keys.length);
  for (const key of keys) {
    const i = /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : -1;
    if (!(i >= 0 && i < keys.length)) fail(field, `key ${show(key)} is not one of "0".."${keys.length - 1}" (keys number the states or actions from 0, without gaps)`);
    list[i] = value[key];
  }
  return list;
}

export function optionalNames(names: unknown, key: 'states', count: number, fail: Fail): string[] | null {
  if (names === undefined) return null;
  if (!isRecord(names)) return fail('names', `expected an object with states and/or actions, got ${show(names)}`);
  for (const k of Object.keys(names)) if (k !== 'states' && k !== 'actions') fail('names', `unknown field ${show(k)} (fields: states, actions)`);
  const list = names[key];
  if (list === undefined) return null;
  if (!Array.isArray(list) || list.length !== count || !list.every((x) => typeof x === 'string')) fail(`names.${key}`, `expected ${count} strings, one per state`);
  return list as string[];
}

/** Action names per model state: `names.actions` as one list for every state, or a list per state; else the indices. */
export function actionNamesOf(names: unknown, model: TabularModel, fileStates: number, fail: Fail): string[][] {
  const given = isRecord(names) ? names.actions : undefined;
  const out: string[][] = [];
  for (let s = 0; s < model.stateCount; s++) {
    const count = model.actionStart[s + 1]! - model.actionStart[s]!;
    let row: unknown = Array.from({ length: count }, (_, a) => String(a));
    if (Array.isArray(given) && given.every((x) => typeof x === 'string')) row = given.length >= count ? given.slice(0, count) : fail('names.actions', `lists ${given.length} names, state ${s} has ${count} actions`);
    else if (Array.isArray(given) && s < fileStates) {
      // A terminal state may have lost the actions P lists for it: its names are cut to the memories kept.
      const own = given[s];
      if (given.length !== fileStates) fail('names.actions', `lists ${given.length} lists of names, P has ${fileStates} states`);
      if (!Array.isArray(own) || own.length < count || !own.every((x) => typeof x === 'string')) fail(`names.actions[${s}]`, `expected ${count} strings, one per action of state ${s}`);
      row = (own as string[]).slice(0, count);
    } else if (given !== undefined && !Array.isArray(given)) fail('names.actions', `expected a list of strings, or a list of them per state, got ${show(given)}`);
    out.push(row as string[]);
  }
  return out;
}

export function actionsPerStateOf(value: unknown, n: number, fail: Fail): number[] | null {
  if (value === undefined) return null;
  const whole = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (whole(value)) return new Array<number>(n).fill(value as number);
  if (Array.isArray(value) && value.length === n && value.every(whole)) return value as number[];
  return fail('actionsPerState', `expected a whole number >= 0, or ${n} of them (one per state), got ${show(value)}`);
}

export function optionalWhole(value: unknown, field: string, fail: Fail): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) fail(field, `expected a whole number >= 1, got ${show(value)}`);
  return value as number;
}

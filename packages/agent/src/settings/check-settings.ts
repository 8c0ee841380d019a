import { BadInputError } from '@dra/core';
import { describeRelation, describeRule, relationHolds, relationSettings, ruleAllows, type SettingSpec } from './setting-spec.js';
import { boundSettings, describeType, isValid } from './setting-types.js';

/** A setting that failed validation: its name (`envOptions.depth` for options), the value and what is expected. */
export interface SettingProblem {
  field: string;
  value: unknown;
  expected: string;
  /** Other settings that `expected` names (a front end may put its own names for them, e.g. their flags). */
  mentions?: readonly string[];
}

/** What checking a setting needs: its type, and its relations and objective rule if any. */
export type SettingCheck = Pick<SettingSpec, 'type' | 'relations' | 'onlyWith'>;

/** How a value is shown after "got": JSON (strings quoted) by default. */
export type ValueShow = (value: unknown) => string;

/** The value as JSON, e.g. `"sgd"`, `{"tau":100,"power":2}`, `-1`. */
export const showJson: ValueShow = (value) => JSON.stringify(value) ?? String(value);

/** Strings and numbers as they are, objects as JSON, e.g. `shared`, `-1`, `{"tau":0,"power":1}`. */
export const showPlain: ValueShow = (value) => (value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value));

/** Text as it was typed, in single quotes, e.g. `'two'` (a flag's or a form field's text). */
export const showText: ValueShow = (value) => `'${String(value)}'`;

/** The one message of a setting problem: "<name> must be <expected>, got <value>". */
export function settingMessage(name: string, expected: string, value: unknown, show: ValueShow = showJson): string {
  return `${name} must be ${expected}, got ${show(value)}`;
}

/** A problem as its message (`settingMessage`). */
export function problemMessage(problem: SettingProblem, show: ValueShow = showJson): string {
  return settingMessage(problem.field, problem.expected, problem.value, show);
}

/**
 * Every problem of `values` against a table of settings, at most one per setting: first each
 * setting's type and range, then the objective rules and relations of those valid on their
 * own. Settings in `skip` (already reported) are left out.
 */
export function checkSettings(table: Readonly<Record<string, SettingCheck>>, settings: object, skip: ReadonlySet<string> = new Set()): SettingProblem[] {
  const values = settings as Readonly<Record<string, unknown>>;
  const problems: SettingProblem[] = [];
  const valid: string[] = [];
  for (const [field, spec] of Object.entries(table)) {
    if (skip.has(field)) continue;
    if (isValid(spec.type, values[field], values)) valid.push(field);
    else problems.push(withMentions({ field, value: values[field], expected: describeType(spec.type) }, boundSettings(spec.type)));
  }
  for (const field of valid) {
    const spec = table[field]!;
    const value = values[field];
    if (spec.onlyWith && !ruleAllows(spec.onlyWith, value, values.objective)) {
      problems.push({ field, value, expected: describeRule(spec.onlyWith) });
      continue;
    }
    const broken = spec.relations?.find((relation) => !relationHolds(relation, value, values));
    if (broken) problems.push(withMentions({ field, value, expected: describeRelation(broken) }, relationSettings(broken)));
  }
  return problems;
}

function withMentions(problem: SettingProblem, mentions: readonly string[]): SettingProblem {
  return mentions.length > 0 ? { ...problem, mentions } : problem;
}

/** Throws a `BadInputError` with the first problem of `values` against the table (`checkSettings`), if any. */
export function assertSettings(table: Readonly<Record<string, SettingCheck>>, values: object, show: ValueShow = showJson): void {
  const [first] = checkSettings(table, values);
  if (first) throw new BadInputError(problemMessage(first, show));
}

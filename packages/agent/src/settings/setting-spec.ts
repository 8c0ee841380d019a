import type { ObjectiveId } from '@dra/objectives';
import { describeType, type SettingType, type ValueOf } from './setting-types.js';
import type { TextParser } from './flag-text.js';

/** A rule between settings, checked once each setting is valid on its own. */
export type Relation =
  /** The value lies within [low, high], two other settings. */
  | { readonly kind: 'within'; readonly low: string; readonly high: string }
  /** The value is at least another setting's. */
  | { readonly kind: 'atLeast'; readonly other: string };

/**
 * Values of a setting that go with some objectives only (e.g. the paper's estimators 'A', 'Q',
 * 'R' with DRA only); `otherValues` (called `otherwise`, "an unbiased estimator") go with any.
 */
export interface ObjectiveRule {
  readonly values: readonly string[];
  readonly objectives: readonly ObjectiveId[];
  /** Who the values belong to, e.g. 'DRA'. */
  readonly owner: string;
  readonly otherValues: readonly string[];
  readonly otherwise: string;
  /** Every objective id, to name the ones the rule excludes. */
  readonly allObjectives: readonly ObjectiveId[];
}

/** How a setting is given on the command line: `--<kebab-name> <value>`, parsed from text. */
export interface SettingFlag<V> {
  /** The value's placeholder in the usage (`<x|realised>`); default from the type; null: a switch that sets true. */
  readonly value?: string | null;
  /** How the flag's text parses (null for `none`); default from the type (numbers, whole numbers, words, true/false). */
  readonly parse?: TextParser<V>;
}

/** One setting, declared once: everything else (validation, config schema, flags, form fields, messages) derives from it. */
export interface SettingSpec<T extends SettingType = SettingType> {
  readonly type: T;
  /** The agent's default (environment presets override some: `TrainingPreset`). */
  readonly default: NoInfer<ValueOf<T>>;
  /** One line: the flag's help and the form field's tooltip. */
  readonly description: string;
  readonly flag: SettingFlag<NoInfer<ValueOf<T>>>;
  /** Rules between settings, checked after each is valid on its own. */
  readonly relations?: readonly Relation[];
  /** The objectives the setting matters for (every one when absent). */
  readonly objectives?: readonly ObjectiveId[];
  /** Values that go with some objectives only. */
  readonly onlyWith?: ObjectiveRule;
  /** An environment plugin's paper preset may give it (`TrainingPreset`). */
  readonly preset?: boolean;
}

/** Declares a setting, checking its default against its type. */
export const setting = <T extends SettingType>(spec: SettingSpec<T>): SettingSpec<T> => spec;

/** A table of settings by name. */
export type SettingTable = Readonly<Record<string, SettingSpec>>;

/** The values of a table's settings, typed from their specs. */
export type ValuesOf<S extends Readonly<Record<string, { readonly type: SettingType }>>> = { -readonly [K in keyof S]: ValueOf<S[K]['type']> };

/** What a relation asks, in words ("within [sigmaMin, sigmaMax]", ">= sigmaMin"). */
export function describeRelation(relation: Relation): string {
  return relation.kind === 'within' ? `within [${relation.low}, ${relation.high}]` : `>= ${relation.other}`;
}

/** The settings a relation names. */
export function relationSettings(relation: Relation): string[] {
  return relation.kind === 'within' ? [relation.low, relation.high] : [relation.other];
}

/** True when the relation holds, or cannot be judged because a setting it names is not a finite number (that one is reported). */
export function relationHolds(relation: Relation, value: unknown, settings: Readonly<Record<string, unknown>>): boolean {
  const others = relationSettings(relation).map((name) => settings[name]);
  if (![value, ...others].every((v) => typeof v === 'number' && Number.isFinite(v))) return true;
  const v = value as number;
  const [a, b] = others as number[];
  return relation.kind === 'within' ? v >= a! && v <= b! : v >= a!;
}

/** True unless `value` is one of the rule's values and `objective` is not one of its objectives. */
export function ruleAllows(rule: ObjectiveRule, value: unknown, objective: unknown): boolean {
  return !(rule.values as readonly unknown[]).includes(value) || (rule.objectives as readonly unknown[]).includes(objective);
}

/** What the rule asks of the other objectives: "an unbiased estimator (causal, ...) for eq8 and eq10; 'A', 'Q', 'R' are DRA's". */
export function describeRule(rule: ObjectiveRule): string {
  const others = rule.allObjectives.filter((o) => !rule.objectives.includes(o));
  return `${rule.otherwise} (${rule.otherValues.join(', ')}) for ${others.join(' and ')}; ${rule.values.map((v) => `'${v}'`).join(', ')} are ${rule.owner}'s`;
}

/** A value the rule refuses with an objective, in words: "A is a DRA estimator; eq8 takes causal, full, ... or q-critic". */
export function describeRuleViolation(rule: ObjectiveRule, value: string, objective: string, noun: string): string {
  const list = rule.otherValues;
  return `${value} is a ${rule.owner} ${noun}; ${objective} takes ${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
}

/** A setting's expected value in words, ranges included. */
export function describeSetting(spec: SettingSpec): string {
  return describeType(spec.type);
}

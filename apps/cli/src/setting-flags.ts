import { placeholderOf, SETTING_NAMES, SETTING_SPECS, textParserOf, type SettingName, type SettingProblem, type TextParser } from '@dra/agent';
import { isBuiltInObjective, type ObjectiveRegistry } from '@dra/objectives';
import type { Command } from 'commander';
import { commanderParser, flagName, noneAsNull, oneOf } from './parse-flag.js';

/**
 * The command-line flags of the run settings, derived from the settings table (`SETTING_SPECS`
 * in @dra/agent): name, value placeholder, parser and help of each. `dra run`, `compare` and
 * `evaluate` declare the settings they take from here.
 */
export interface SettingFlagDeclaration {
  setting: SettingName;
  /** Usage, e.g. `--sigma-base <x>`; a switch has no placeholder (`--exact-gradient`). */
  usage: string;
  /** Commander parser; undefined for a switch. */
  parse: ((value: string) => unknown) | undefined;
  /** The spec's description. */
  help: string;
}

/** The flag declaration of one setting. */
export function settingFlag(setting: SettingName): SettingFlagDeclaration {
  const spec = SETTING_SPECS[setting];
  const flag = spec.flag as { value?: string | null; parse?: TextParser<unknown> };
  const name = flagName(setting);
  if (flag.value === null) return { setting, usage: name, parse: undefined, help: spec.description };
  const parse = flag.parse ?? textParserOf(spec.type);
  if (parse === undefined) throw new Error(`setting ${setting}: its type needs a flag parser of its own`);
  return { setting, usage: `${name} ${flag.value ?? placeholderOf(spec.type)}`, parse: commanderParser(parse), help: spec.description };
}

/** The flags of every run setting, in the table's order. */
export const SETTING_FLAGS: readonly SettingFlagDeclaration[] = SETTING_NAMES.map(settingFlag);

/** Per command: what a setting's flag means there, beyond its description (appended to the help), its default, and its own parser. */
export interface SettingFlagUse {
  note?: string;
  default?: unknown;
  parse?: (value: string) => unknown;
}

/**
 * The objective flag of an invocation with objective plugins: it takes their ids too, and its
 * help names them; without plugins, the table's flag as it is.
 */
export function objectiveFlagUse(objectives: ObjectiveRegistry): SettingFlagUse {
  const plugins = objectives.ids().filter((id) => !isBuiltInObjective(id));
  if (plugins.length === 0) return {};
  return { note: `or a --plugin objective: ${plugins.map((id) => `${id} (${objectives.get(id).description})`).join(', ')}`, parse: oneOf(objectives.ids()) };
}

/** Adds the flags of `settings` to a command; `uses` adds a command's note or default to some of them. */
export function addSettingFlags(command: Command, settings: readonly SettingName[], uses: Partial<Record<SettingName, SettingFlagUse>> = {}): void {
  for (const setting of settings) {
    const declared = settingFlag(setting);
    const use = uses[setting] ?? {};
    const { usage, help } = declared;
    const parse = use.parse ?? declared.parse;
    const text = use.note === undefined ? help : `${help}; ${use.note}`;
    if (parse === undefined) command.option(usage, text);
    else if (use.default === undefined) command.option(usage, text, parse);
    else command.option(usage, text, parse, use.default);
  }
}

/** The settings the flags set (`none` as null), by setting name. */
export function settingsFromFlags(flags: Readonly<Record<string, unknown>>): Partial<Record<SettingName, unknown>> {
  const out: Partial<Record<SettingName, unknown>> = {};
  for (const setting of SETTING_NAMES) if (flags[setting] !== undefined) out[setting] = noneAsNull(flags[setting]);
  return out;
}

/** The flag that sets a settings field (`envOptions.depth` -> `--depth`). */
export function flagOfField(field: string): string {
  if (field === 'envOptions') return 'environment options';
  return flagName(field.startsWith('envOptions.') ? field.slice('envOptions.'.length) : field);
}

/** What a problem expects, the settings it mentions named by `name` (e.g. their flags). */
export function expectedNaming(problem: SettingProblem, name: (field: string) => string): string {
  const mentions = problem.mentions ?? [];
  if (mentions.length === 0) return problem.expected;
  return problem.expected.replace(new RegExp(`\\b(${mentions.join('|')})\\b`, 'g'), (field) => name(field));
}

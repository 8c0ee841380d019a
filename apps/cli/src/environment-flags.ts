import { describeType, settingMessage, settingType, showText, textParserOf, type EnvironmentOptionValue } from '@dra/agent';
import { isAbsolute, resolve } from 'node:path';
import { BadInputError, type EnvironmentOptionType } from '@dra/core';
import type { EnvironmentRegistry } from '@dra/environments';
import type { Command } from 'commander';
import { flagName, pathList } from './parse-flag.js';
import { UsageError } from './usage-error.js';

/**
 * Adds one `--kebab-name <value>` flag per option of any registered environment (e.g.
 * `--switch-at`, `--depth`); the values stay strings until the environment is known.
 */
export function addEnvironmentOptionFlags(command: Command, registry: EnvironmentRegistry): void {
  const owners = new Map<string, string[]>();
  for (const id of registry.ids()) {
    for (const [name, spec] of Object.entries(registry.get(id).options)) {
      const list = owners.get(name) ?? [];
      list.push(`${id}: ${spec.description}${spec.default === null ? '' : ` (default ${String(spec.default)})`}`);
      owners.set(name, list);
    }
  }
  for (const [name, help] of owners) command.option(`${flagName(name)} <value>`, `environment option; ${help.join('; ')}`);
  addPluginFlag(command);
}

/**
 * `--plugin <module>` (repeatable): an ES module exporting environment plugins of the user's
 * own. The modules are loaded before parsing (cli-main.ts); the flag is declared for help and parsing.
 */
export function addPluginFlag(command: Command): void {
  command.option('--plugin <module>', 'load environment and objective plugins from an ES module (repeatable); checked against their contracts (environments also against the conformance kit)', pathList);
}

/**
 * The environment options given as flags, parsed by the chosen environment's option types.
 * A flag of another environment, or a value of the wrong type, is a usage error naming it.
 */
export function environmentOptionsFromFlags(
  registry: EnvironmentRegistry,
  env: string,
  flags: Record<string, unknown>,
): Record<string, EnvironmentOptionValue> {
  const plugin = registry.get(env);
  const options: Record<string, EnvironmentOptionValue> = {};
  const allNames = new Set(environmentOptionNames(registry));
  for (const name of allNames) {
    const raw = flags[name];
    if (raw === undefined) continue;
    const spec = plugin.options[name];
    if (!spec) {
      const own = Object.keys(plugin.options).map(flagName);
      throw new UsageError(`${flagName(name)} is not an option of environment ${env} (its options: ${own.join(', ') || 'none'})`);
    }
    options[name] = parseOptionValue(flagName(name), spec.type, String(raw));
  }
  return options;
}

/**
 * An option's value from its flag's text, by the option's type; a refusal is "<flag> must be
 * <expected>, got '<text>'". A path is made absolute against the working directory, so the run's
 * config.json finds the same file from anywhere.
 */
function parseOptionValue(flag: string, type: EnvironmentOptionType, text: string): number | boolean | string {
  if (type === 'string') return text;
  if (type === 'path') {
    if (text.trim() === '') throw new UsageError(`${flag} must be a file path, got '${text}' (an unset shell variable?)`);
    return resolve(text);
  }
  const settingTypeOf = { integer: settingType.integer(), number: settingType.number(), boolean: settingType.boolean() }[type];
  const parse = textParserOf(settingTypeOf)!;
  try {
    return parse(type === 'boolean' ? text.trim() : text) as number | boolean;
  } catch (error) {
    if (error instanceof BadInputError) throw new UsageError(settingMessage(flag, describeType(settingTypeOf), text, showText));
    throw error;
  }
}

/**
 * The options with every relative `path` option made absolute against `baseDir` (a config file's
 * directory: a config names files beside it, wherever `dra` runs).
 */
export function resolvePathOptions<T extends Record<string, unknown> | undefined>(registry: EnvironmentRegistry, env: string, options: T, baseDir: string): T {
  if (options === undefined || !registry.ids().includes(env)) return options;
  const specs = registry.get(env).options;
  const out: Record<string, unknown> = { ...options };
  for (const [name, value] of Object.entries(options)) {
    if (specs[name]?.type === 'path' && typeof value === 'string' && value !== '' && !isAbsolute(value)) out[name] = resolve(baseDir, value);
  }
  return out as T;
}

/** The option names of every registered environment (each one a flag). */
export function environmentOptionNames(registry: EnvironmentRegistry): string[] {
  return registry.ids().flatMap((id) => Object.keys(registry.get(id).options));
}

/** The first environment option given as a flag, or undefined: for commands where the environment comes from elsewhere (--run). */
export function givenEnvironmentOption(registry: EnvironmentRegistry, flags: Record<string, unknown>): string | undefined {
  return environmentOptionNames(registry).find((name) => flags[name] !== undefined);
}

/** `--env` value check against the registry, listing the known ids. */
export function checkEnvironmentId(registry: EnvironmentRegistry, env: string): void {
  if (!registry.ids().includes(env)) throw new UsageError(`--env: unknown environment '${env}' (known: ${registry.ids().join(', ')})`);
}

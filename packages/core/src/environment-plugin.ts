import { ENVIRONMENT_SPECIFICATION_VERSION, type Environment } from './environment.js';
import type { TrainingPreset } from './training-preset.js';

/** The kinds of value an environment option takes. */
export const ENVIRONMENT_OPTION_TYPES = ['integer', 'number', 'boolean', 'string', 'path'] as const;

/**
 * The kind of an environment option's value. A `path` is a string naming a file the plugin
 * reads in `create`; a front end resolves a relative path before handing it over (the `dra`
 * command: against the working directory, or a config file's directory), so the value a
 * run records finds the same file from anywhere.
 */
export type EnvironmentOptionType = (typeof ENVIRONMENT_OPTION_TYPES)[number];

/** One option of an environment factory: its kind, default and meaning. */
export interface EnvironmentOptionSpec {
  readonly type: EnvironmentOptionType;
  /** null: no default (a `path` option without one must be given). */
  readonly default: number | boolean | string | null;
  readonly description: string;
}

/**
 * An environment plugin: what a package exports so that users can register it. The
 * factory validates its options and throws a RangeError naming the bad one.
 */
export interface EnvironmentPlugin<Options extends object = Record<string, unknown>> {
  readonly specificationVersion: typeof ENVIRONMENT_SPECIFICATION_VERSION;
  readonly id: string;
  readonly description: string;
  readonly options: Readonly<Record<string, EnvironmentOptionSpec>>;
  /** The training settings of the paper (or of the package's reference experiment). */
  readonly paperSettings?: Readonly<TrainingPreset>;
  /** A new environment instance; options not given take their defaults. */
  create(options?: Partial<Options>): Environment;
}

/** A plugin that breaks the contract; `rule` names the broken rule. */
export class PluginContractError extends TypeError {
  override readonly name = 'PluginContractError';
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(`${rule}: ${message}`);
  }
}

/** Checks the shape of a plugin object (members and their types); throws PluginContractError. */
export function checkEnvironmentPlugin(plugin: unknown): asserts plugin is EnvironmentPlugin {
  const p = plugin as Partial<EnvironmentPlugin> | null;
  if (p === null || typeof p !== 'object') throw new PluginContractError('plugin-object', `a plugin must be an object, got ${String(plugin)}`);
  const id = typeof p.id === 'string' ? p.id : '(no id)';
  if (p.specificationVersion !== ENVIRONMENT_SPECIFICATION_VERSION) {
    throw new PluginContractError(
      'specification-version',
      `plugin ${id} declares specificationVersion ${String(p.specificationVersion)}; this toolkit implements ${ENVIRONMENT_SPECIFICATION_VERSION}`,
    );
  }
  if (typeof p.id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(p.id)) {
    throw new PluginContractError('id', `plugin id must be lower-case letters, digits and dashes, got ${JSON.stringify(p.id)}`);
  }
  if (typeof p.description !== 'string') throw new PluginContractError('description', `plugin ${id} has no description string`);
  if (typeof p.create !== 'function') throw new PluginContractError('create', `plugin ${id} has no create(options) function`);
  if (p.options === null || typeof p.options !== 'object') throw new PluginContractError('options', `plugin ${id} has no options object`);
  if (p.paperSettings !== undefined && (p.paperSettings === null || typeof p.paperSettings !== 'object' || Array.isArray(p.paperSettings))) {
    throw new PluginContractError('paper-settings', `plugin ${id}: paperSettings must be an object of training settings`);
  }
  for (const [name, spec] of Object.entries(p.options)) {
    if (!spec || !(ENVIRONMENT_OPTION_TYPES as readonly string[]).includes(spec.type) || typeof spec.description !== 'string') {
      throw new PluginContractError('options', `plugin ${id}: option ${name} needs a type (${ENVIRONMENT_OPTION_TYPES.join(', ')}) and a description`);
    }
  }
}

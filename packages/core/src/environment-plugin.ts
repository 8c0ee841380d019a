import { ENVIRONMENT_SPECIFICATION_VERSION, type Environment } from './environment.js';
import type { TrainingPreset } from './training-preset.js';

/** One option of an environment factory: its kind, default and meaning. */
export interface EnvironmentOptionSpec {
  readonly type: 'integer' | 'number' | 'boolean';
  readonly default: number | boolean | null;
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
    if (!spec || !['integer', 'number', 'boolean'].includes(spec.type) || typeof spec.description !== 'string') {
      throw new PluginContractError('options', `plugin ${id}: option ${name} needs a type (integer, number, boolean) and a description`);
    }
  }
}

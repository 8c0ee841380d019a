import { BadInputError, checkEnvironmentPlugin, type Environment, type EnvironmentOptionSpec, type EnvironmentPlugin } from '@dra/core';

/** What `describe` reports of an environment built with given options. */
export interface EnvironmentDescription {
  id: string;
  description: string;
  stateCount: number;
  /** Distinct action counts of the live states, e.g. [4] or [2]. */
  actionsPerState: number[];
  /** States with no actions (terminal, no memories). */
  statesWithoutActions: number;
  tabularModel: boolean;
  /** Fixed episode length, or null. */
  horizon: number | null;
  options: Record<string, EnvironmentOptionSpec>;
}

/** Lookup by id of explicitly registered environment plugins (importing registers nothing). */
export class EnvironmentRegistry {
  private readonly plugins = new Map<string, EnvironmentPlugin<object>>();

  /** Adds a plugin after checking its contract; a second plugin with the same id is an error. */
  register<Options extends object>(plugin: EnvironmentPlugin<Options>): this {
    checkEnvironmentPlugin(plugin);
    if (this.plugins.has(plugin.id)) throw new BadInputError(`an environment with id ${JSON.stringify(plugin.id)} is already registered`);
    // Options are checked against `plugin.options` by name in create(); the factory validates values.
    this.plugins.set(plugin.id, plugin as unknown as EnvironmentPlugin<object>);
    return this;
  }

  /** Ids of the registered plugins, in registration order. */
  ids(): string[] {
    return [...this.plugins.keys()].sort();
  }

  /** The plugin registered as `id`; a RangeError naming the known ids otherwise. */
  get(id: string): EnvironmentPlugin<object> {
    const plugin = this.plugins.get(id);
    if (!plugin) throw new BadInputError(`unknown environment ${JSON.stringify(id)} (known: ${this.ids().join(', ') || 'none'})`);
    return plugin;
  }

  /** A new environment of plugin `id`, its options checked by name and type against the plugin's specs. */
  create(id: string, options: Record<string, unknown> = {}): Environment {
    const plugin = this.get(id);
    for (const name of Object.keys(options)) {
      if (!(name in plugin.options)) {
        throw new BadInputError(`environment ${id} has no option ${JSON.stringify(name)} (options: ${Object.keys(plugin.options).join(', ') || 'none'})`);
      }
    }
    return plugin.create(options);
  }

  /** Builds the environment with `options` and reports its shape. */
  describe(id: string, options: Record<string, unknown> = {}): EnvironmentDescription {
    const plugin = this.get(id);
    return describeEnvironment(plugin, this.create(id, options));
  }
}

/** The description of an environment instance made by `plugin`. */
export function describeEnvironment(plugin: EnvironmentPlugin<object>, env: Environment): EnvironmentDescription {
  const counts = new Set<number>();
  let without = 0;
  for (const k of env.actionCounts) {
    if (k === 0) without++;
    else counts.add(k);
  }
  return {
    id: plugin.id,
    description: plugin.description,
    stateCount: env.stateCount,
    actionsPerState: [...counts].sort((a, b) => a - b),
    statesWithoutActions: without,
    tabularModel: env.model !== undefined,
    horizon: Number.isFinite(env.horizon) ? env.horizon : null,
    options: { ...plugin.options },
  };
}

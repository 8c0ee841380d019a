import type { EnvironmentPlugin } from '@dra/core';
import { createBuiltInRegistry, type EnvironmentRegistry } from '@dra/environments';
import { mountainCarPlugin } from '@dra/mountain-car';

/** Plugins loaded with --plugin for this invocation (see cli-main.ts). */
let userPlugins: readonly EnvironmentPlugin<object>[] = [];

/** Sets the --plugin environments every registry of this invocation includes. */
export function useUserPlugins(plugins: readonly EnvironmentPlugin<object>[]): void {
  userPlugins = plugins;
}

/** The environments the `dra` command knows: the built-in ones, mountain car, and --plugin modules. */
export function createCliRegistry(): EnvironmentRegistry {
  const registry = createBuiltInRegistry().register(mountainCarPlugin);
  for (const plugin of userPlugins) registry.register(plugin);
  return registry;
}

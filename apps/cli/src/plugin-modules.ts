import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkEnvironmentPlugin, type EnvironmentPlugin } from '@dra/core';
import { EnvironmentRegistry, guardedPlugin } from '@dra/environments';
import { checkObjectivePlugin, type ObjectivePlugin } from '@dra/objectives';
import { checkEnvironmentConformance } from '@dra/environments/testing';
import { UsageError } from './usage-error.js';

/**
 * The `--plugin <module>` paths in `argv` (`--plugin x` or `--plugin=x`, any number). They are
 * read before the command line is parsed, since a plugin's options become flags.
 */
export function pluginPaths(argv: readonly string[]): string[] {
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === '--plugin') {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError("option '--plugin <module>' argument missing");
      paths.push(next);
      i++;
    } else if (arg.startsWith('--plugin=')) {
      paths.push(arg.slice('--plugin='.length));
    }
  }
  const blank = paths.find((path) => path.trim() === '');
  if (blank !== undefined) throw new UsageError(`option '--plugin <module>' argument '${blank}' is invalid. expected a path, got '${blank}' (an unset shell variable?).`);
  return paths;
}

/** Seconds a plugin module may take to load (its top-level code, awaits included). */
export const PLUGIN_LOAD_SECONDS = 10;

const looksLikePlugin = (value: unknown) => value !== null && typeof value === 'object' && 'specificationVersion' in value && 'create' in value;

/** The plugins of the --plugin modules of one invocation. */
export interface LoadedPlugins {
  environments: EnvironmentPlugin<object>[];
  objectives: ObjectivePlugin[];
}

/** Ids the plugins may not take: the built-in environments and objectives. */
export interface TakenIds {
  environments: readonly string[];
  objectives: readonly string[];
}

/**
 * Imports environment and objective plugins from ES modules: the default export (a plugin or
 * an array of them), else every named export that looks like a plugin (has
 * `specificationVersion` and `create`); `kind: 'objective'` marks an objective plugin. Each
 * environment is checked against the plugin contract and, on a fresh instance, against the
 * conformance kit (random episodes: state range, finite rewards, flags, determinism, ...); each
 * objective against the objective plugin contract. Any problem is a usage error naming the
 * module, the rule and the value.
 */
export async function loadPluginModules(paths: readonly string[], taken: TakenIds): Promise<LoadedPlugins> {
  const loaded: LoadedPlugins = { environments: [], objectives: [] };
  for (const path of paths) {
    const label = `--plugin '${path}'`;
    const module = await importModule(path, label);
    const found = module.default !== undefined ? [module.default].flat() : Object.values(module).filter(looksLikePlugin);
    if (found.length === 0) {
      throw new UsageError(`${label} exports no environment plugin (an object with specificationVersion, id, description, options and create, as the default export or a named one) and no objective plugin (kind 'objective')`);
    }
    for (const plugin of found) {
      if ((plugin as { kind?: unknown } | null)?.kind === 'objective') loaded.objectives.push(checkedObjective(plugin, label, taken, loaded));
      else loaded.environments.push(checkedEnvironment(plugin, label, taken, loaded));
    }
  }
  return loaded;
}

async function importModule(path: string, label: string): Promise<Record<string, unknown>> {
  const file = resolve(path);
  if (!existsSync(file)) throw new UsageError(`${label}: no such file`);
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new UsageError(`${label}: the module did not finish loading in ${PLUGIN_LOAD_SECONDS} s (a top-level await that never settles?)`)), PLUGIN_LOAD_SECONDS * 1000);
    });
    return (await Promise.race([import(pathToFileURL(file).href), timeout])) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${label}: importing it failed: ${(error as Error)?.message ?? String(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

function checkedObjective(plugin: unknown, label: string, taken: TakenIds, loaded: LoadedPlugins): ObjectivePlugin {
  try {
    checkObjectivePlugin(plugin);
  } catch (error) {
    throw new UsageError(`${label}: not an objective plugin: ${(error as Error).message}`);
  }
  if (taken.objectives.includes(plugin.id) || loaded.objectives.some((p) => p.id === plugin.id)) throw new UsageError(`${label}: an objective with id '${plugin.id}' is already registered`);
  return plugin;
}

function checkedEnvironment(plugin: unknown, label: string, taken: TakenIds, loaded: LoadedPlugins): EnvironmentPlugin<object> {
  try {
    checkEnvironmentPlugin(plugin);
  } catch (error) {
    throw new UsageError(`${label}: not an environment plugin: ${(error as Error).message}`);
  }
  if (taken.environments.includes(plugin.id) || loaded.environments.some((p) => p.id === plugin.id)) throw new UsageError(`${label}: an environment with id '${plugin.id}' is already registered`);
  const registry = new EnvironmentRegistry().register(plugin);
  let failures;
  try {
    failures = checkEnvironmentConformance(() => registry.create(plugin.id), { episodes: 10, maxStepsPerEpisode: 2000 });
  } catch (error) {
    throw new UsageError(`${label}: environment '${plugin.id}' failed while being checked: ${(error as Error)?.message ?? String(error)}`);
  }
  if (failures.length > 0) {
    throw new UsageError(`${label}: environment '${plugin.id}' breaks the environment contract (CONTRIBUTING.md):\n${failures.map((f) => `  ${f.rule}: ${f.message}`).join('\n')}`);
  }
  return guardedPlugin(plugin as EnvironmentPlugin<object>, label);
}

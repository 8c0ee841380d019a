import { settingMessage, validateRunSettings, type RunSettings, type SettingProblem } from '@dra/agent';
import type { EnvironmentRegistry } from '@dra/environments';
import type { ObjectiveRegistry } from '@dra/objectives';
import { dirname } from 'node:path';
import { checkEnvironmentId, environmentOptionNames, environmentOptionsFromFlags, resolvePathOptions } from '../environment-flags.js';
import { flagName } from '../parse-flag.js';
import { expectedNaming, flagOfField, settingsFromFlags } from '../setting-flags.js';
import { UsageError } from '../usage-error.js';
import { hasPath, type ConfigFile } from './config-file.js';
import { layerSettings } from './layer-settings.js';
import { runConfigSchema, SETTING_NAMES, type RunConfig } from './settings-schema.js';

/** The flags of `dra run` (and of the commands that resolve run settings the same way). */
export interface RunFlags extends Partial<Omit<RunSettings, 'envOptions'>> {
  env?: string;
  config?: string;
  out?: string;
  force?: boolean;
  json?: boolean;
  resume?: string;
  checkpointEvery?: number;
  [option: string]: unknown;
}

/** The environment a run uses: the flag, else the config file's, else the maze. */
export const DEFAULT_ENV = 'maze';

/**
 * Resolves a run's settings: the environment's paper defaults < the config file (`--config`)
 * < flags, then validates everything at once (the objective against `objectives`, built-in
 * ones by default). A problem names the flag and value when a
 * flag set it, and the file, line and column when the file did.
 */
export function resolveRunSettings(flags: RunFlags, registry: EnvironmentRegistry, config?: ConfigFile, objectives?: ObjectiveRegistry): RunSettings {
  if (config) config.vocabulary = ['env', 'envOptions', ...SETTING_NAMES, ...environmentOptionNames(registry)];
  const parsed = config?.parseValid(runConfigSchema(objectives?.ids()));
  const file = parsed?.value;
  const fileProblems = parsed?.problems ?? [];
  const env = flags.env ?? file?.env ?? DEFAULT_ENV;
  if (flags.env === undefined && file?.env !== undefined && !registry.ids().includes(env)) {
    config!.fail([{ path: ['env'], message: `unknown environment '${env}' (known: ${registry.ids().join(', ')})` }]);
  }
  checkEnvironmentId(registry, env);
  const settings = layerSettings(env, registry, [
    file === undefined ? {} : { ...file, envOptions: resolvePathOptions(registry, env, file.envOptions, dirname(config!.file)) },
    { ...(settingsFromFlags(flags) as RunConfig), envOptions: environmentOptionsFromFlags(registry, env, flags) },
  ], objectives);
  const problems = validateRunSettings(settings, registry, objectives);
  if (problems.length > 0 || fileProblems.length > 0) {
    throw new UsageError([...fileProblems, ...problems.map((p) => problemLine(p, flags, config))].join('\n'));
  }
  return settings;
}

/**
 * A problem as one line: "<flag> must be <expected>, got <value>" when a flag or a default set
 * the value (the settings it mentions named by their flags), "<file>:<line>:<column>: <field>
 * must be ..." when the config file did.
 */
function problemLine(problem: SettingProblem, flags: RunFlags, config: ConfigFile | undefined): string {
  const path = problem.field.split('.');
  const fromFile = config !== undefined && !setByFlag(flags, problem.field) && hasPath(config.data, path);
  const expected = fromFile ? problem.expected : expectedNaming(problem, flagName);
  if (fromFile) return config.locate({ path, message: settingMessage(problem.field, expected, problem.value) });
  return settingMessage(flagOfField(problem.field), expected, problem.value);
}

/** True when a flag (not the file or the defaults) set a settings field. */
function setByFlag(flags: RunFlags, field: string): boolean {
  return flags[field.startsWith('envOptions.') ? field.slice('envOptions.'.length) : field] !== undefined;
}

import type { EnvironmentPlugin, TrainingPreset } from '@dra/core';
import { createBuiltInRegistry, type EnvironmentRegistry } from '@dra/environments';
import { baseSettings, type SettingName, type SettingValues } from './settings/setting-specs.js';
import type { TrainingLoopSettings } from './train.js';

// The checks of run settings live beside the table (settings/); this module keeps their names for its importers.
export { validateRunSettings, withoutNulls } from './settings/validate-run-settings.js';


/** Value of an environment option in plain settings. */
export type EnvironmentOptionValue = number | boolean | string | null;

/**
 * Every setting of one training run, as plain JSON-able values (the saved `config.json`): the
 * environment and its options, and every setting of `SETTING_SPECS` (types, ranges, defaults
 * and descriptions are declared there).
 */
export interface RunSettings extends TrainingLoopSettings, Omit<SettingValues, 'objective'> {
  /**
   * The objective: 'dra', 'eq8', 'eq10', or the id of an objective plugin registered in the
   * `ObjectiveRegistry` the run is given (`RunExperimentOptions.objectives`).
   */
  objective: SettingValues['objective'] | (string & {});
  /** Id of a registered environment plugin. */
  env: string;
  /** The environment's options, defaults filled in (e.g. maze `switchAt`, huys `depth`). */
  envOptions: Record<string, EnvironmentOptionValue>;
}

/** `readonly [a, b]` accepted where the table says `[a, b]` (presets are frozen data). */
type Frozen<V> = V extends [infer A, infer B] ? V | readonly [A, B] : V;
/** What `TrainingPreset` must be: table settings with the table's value types (the estimator as its plain id string). */
type PresetFromTable = { [K in keyof TrainingPreset]-?: K extends 'estimator' ? string : K extends SettingName ? Frozen<SettingValues[K]> : never };
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails to compile when `TrainingPreset` (in @dra/core, which cannot import this table) drifts from `SETTING_SPECS`. */
const PRESET_MATCHES_TABLE: Same<Required<TrainingPreset>, PresetFromTable> = true;
void PRESET_MATCHES_TABLE;

/** Defaults of the settings an environment's paper preset does not give: the table's. */
const BASE_SETTINGS: SettingValues = baseSettings();

/** The environment's option defaults, as plain settings. */
export function defaultEnvironmentOptions(plugin: EnvironmentPlugin<object>): Record<string, EnvironmentOptionValue> {
  const options: Record<string, EnvironmentOptionValue> = {};
  for (const [name, spec] of Object.entries(plugin.options)) options[name] = spec.default;
  return options;
}

/**
 * The paper's settings for a registered environment: the agent's defaults overlaid with
 * the plugin's `paperSettings` and its option defaults.
 */
export function defaultSettings(env: string, registry: EnvironmentRegistry = createBuiltInRegistry()): RunSettings {
  const plugin = registry.get(env);
  const preset = (plugin.paperSettings ?? {}) as Partial<RunSettings>;
  return structuredClone({ ...BASE_SETTINGS, ...preset, env, envOptions: defaultEnvironmentOptions(plugin) });
}

/** The paper's maze settings (docs/tasks.md 1), with sigma0 = 3 and the 'A' estimator. */
export const MAZE_PAPER_SETTINGS: Readonly<RunSettings> = Object.freeze(defaultSettings('maze'));

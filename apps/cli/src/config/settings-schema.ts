import { SETTING_NAMES, SETTING_SPECS, type RunSettings, type SettingName, type SettingType } from '@dra/agent';
import { z } from 'zod';

export { SETTING_NAMES, type SettingName };

/**
 * The zod type of a setting type of the settings table: its shape only (finite numbers, safe
 * integers, known words, exact keys). Ranges and relations are checked afterwards by
 * `validateRunSettings`, so that files and flags get the same rules and messages.
 */
export function zodOf(type: SettingType): z.ZodType {
  switch (type.kind) {
    case 'number':
      return type.integer ? z.number().int() : z.number();
    case 'boolean':
      return z.boolean();
    case 'enum':
      return z.enum(type.ids as [string, ...string[]]);
    case 'literal':
      return z.literal(type.value);
    case 'null':
      return z.null();
    case 'pair':
      return z.tuple([z.number(), z.number()]);
    case 'record':
      return z.strictObject(Object.fromEntries(Object.keys(type.fields).map((name) => [name, z.number()])));
    case 'union':
      return z.union(type.forms.map(zodOf) as [z.ZodType, z.ZodType, ...z.ZodType[]]);
  }
}

/** The zod type of each training setting a config file may set, derived from `SETTING_SPECS`. */
export const SETTING_TYPES = Object.fromEntries(SETTING_NAMES.map((name) => [name, zodOf(SETTING_SPECS[name].type)])) as Record<SettingName, z.ZodType>;

/** Environment options: checked against the plugin's own option specs later. */
export const ENV_OPTIONS_TYPE = z.record(z.string(), z.union([z.number(), z.boolean(), z.string(), z.null()]));

/**
 * The zod types of the settings when `objectiveIds` name the objectives (the built-in ones and
 * an invocation's objective plugins); the built-in ones alone give `SETTING_TYPES`.
 */
export function settingTypesFor(objectiveIds?: readonly string[]): Record<SettingName, z.ZodType> {
  return objectiveIds === undefined ? SETTING_TYPES : { ...SETTING_TYPES, objective: z.enum(objectiveIds as [string, ...string[]]) };
}

/** A run config file: any settings, the environment and its options; misspelt keys are errors. */
export function runConfigSchema(objectiveIds?: readonly string[]): z.ZodType<RunConfig> {
  const types = settingTypesFor(objectiveIds);
  return z.strictObject({
    env: z.string().optional(),
    envOptions: ENV_OPTIONS_TYPE.optional(),
    ...Object.fromEntries(SETTING_NAMES.map((name) => [name, types[name].optional()])),
  }) as unknown as z.ZodType<RunConfig>;
}

/** The run config file of the built-in objectives (`runConfigSchema`). */
export const RUN_CONFIG_SCHEMA = runConfigSchema();

export type RunConfig = Partial<Omit<RunSettings, 'envOptions'>> & { envOptions?: RunSettings['envOptions'] };

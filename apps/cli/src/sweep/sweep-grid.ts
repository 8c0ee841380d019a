import type { EnvironmentRegistry } from '@dra/environments';
import { z } from 'zod';
import { closest, hasPath, type ConfigFile } from '../config/config-file.js';
import { ENV_OPTIONS_TYPE, SETTING_NAMES, type SettingName } from '../config/settings-schema.js';

/** The settings a sweep may fix or vary: every run setting but the seed, which each cell derives. */
export const SWEEP_SETTING_NAMES = SETTING_NAMES.filter((name) => name !== 'seed');

/** What the grid checks need of a parsed sweep config. */
export interface SweepConfigValue {
  task?: string;
  fixed: { envOptions?: Record<string, unknown> } & Record<string, unknown>;
  grid: Record<string, unknown[]>;
}

/**
 * The environments of a sweep: the top-level `task`, or the values of `grid.task`. Neither,
 * both, or an unknown id is a config error at its line.
 */
export function sweepTasks(config: ConfigFile, value: SweepConfigValue, registry: EnvironmentRegistry): string[] {
  const known = registry.ids();
  const unknownTask = (id: unknown) => `unknown environment '${String(id)}' (known: ${known.join(', ')})`;
  const taskAxis = value.grid.task;
  if (value.task !== undefined && taskAxis !== undefined) {
    config.fail([{ path: ['grid', 'task'], message: `grid.task varies the environment, which the top-level 'task: ${value.task}' fixes: keep one of them` }]);
  }
  if (value.task === undefined && taskAxis === undefined) config.fail([{ path: [], message: "no environment: give 'task: ID', or vary it with 'grid: { task: [ID, ...] }'" }]);
  if (value.task !== undefined && !known.includes(value.task)) config.fail([{ path: ['task'], message: unknownTask(value.task) }]);
  const badTask = taskAxis?.findIndex((id) => typeof id !== 'string' || !known.includes(id)) ?? -1;
  if (badTask >= 0) config.fail([{ path: ['grid', 'task', badTask], message: `grid.task[${badTask}]: ${unknownTask(taskAxis![badTask])}` }]);
  return (taskAxis as string[] | undefined) ?? [value.task!];
}

/**
 * The grid's axes, checked: every key a setting (or `task`, or an option every environment of
 * the sweep has), every value of its type, none twice, none also fixed. Problems are added to
 * `problems` at their line; the valid axes are returned in file order.
 */
export function resolveGrid(
  config: ConfigFile,
  value: SweepConfigValue,
  registry: EnvironmentRegistry,
  types: Record<SettingName, z.ZodType>,
  tasks: readonly string[],
  problems: string[],
): [string, unknown[]][] {
  // An environment option is a setting of the sweep when every environment of the sweep has it.
  const optionNames = Object.keys(registry.get(tasks[0]!).options).filter((name) => tasks.every((task) => Object.hasOwn(registry.get(task).options, name)));
  const lacking = (option: string) => tasks.filter((task) => !Object.hasOwn(registry.get(task).options, option));
  const grid: [string, unknown[]][] = [];
  for (const [key, values] of Object.entries(value.grid)) {
    const option = key.startsWith('envOptions.') ? key.slice('envOptions.'.length) : undefined;
    const type =
      key === 'task'
        ? z.string()
        : option !== undefined
          ? optionNames.includes(option) ? ENV_OPTIONS_TYPE.valueType : undefined
          : Object.hasOwn(types, key) ? types[key as SettingName] : undefined;
    if (type === undefined || key === 'seed') {
      const vocabulary = ['task', ...SWEEP_SETTING_NAMES, ...optionNames.map((o) => `envOptions.${o}`)];
      const near = closest(key, vocabulary);
      const missingFrom = option !== undefined && tasks.length > 1 && tasks.some((task) => Object.hasOwn(registry.get(task).options, option)) ? lacking(option) : [];
      const hint =
        key === 'seed'
          ? 'seeds derive from the sweep seed; use replicates'
          : missingFrom.length > 0
            ? `not an option of ${missingFrom.join(', ')}, which the sweep also runs`
            : near ? `did you mean '${near}'?` : `known: ${vocabulary.join(', ')}`;
      problems.push(config.locate({ path: ['grid'], message: `grid: '${key}' is not a setting a sweep can vary (${hint})` }, key));
      continue;
    }
    let valid = true;
    values.forEach((v, i) => {
      const checked = type.safeParse(v);
      if (!checked.success) {
        valid = false;
        problems.push(config.locate({ path: ['grid', key, i], message: `grid.${key}[${i}]: ${checked.error.issues[0]?.message ?? 'invalid value'}` }));
      }
    });
    if (new Set(values.map((v) => JSON.stringify(v))).size !== values.length) {
      valid = false;
      problems.push(config.locate({ path: ['grid', key], message: `grid.${key} lists a value twice` }));
    }
    const fixedPath = option !== undefined ? ['envOptions', option] : [key];
    if (hasPath(value.fixed, fixedPath)) {
      valid = false;
      problems.push(config.locate({ path: ['grid', key], message: `grid.${key} varies what fixed.${fixedPath.join('.')} fixes: keep one of them` }));
    }
    if (valid) grid.push([key, values]);
  }
  for (const option of Object.keys(value.fixed.envOptions ?? {})) {
    const missingFrom = lacking(option);
    if (missingFrom.length > 0 && missingFrom.length < tasks.length) {
      problems.push(config.locate({ path: ['fixed', 'envOptions', option], message: `fixed.envOptions.${option} is not an option of ${missingFrom.join(', ')}, which the sweep also runs` }));
    }
  }
  return grid;
}

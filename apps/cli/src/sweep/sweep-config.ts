import { dirname } from 'node:path';
import { problemMessage, validateRunSettings, type RunSettings } from '@dra/agent';
import { Rng } from '@dra/core';
import type { EnvironmentRegistry } from '@dra/environments';
import type { ObjectiveRegistry } from '@dra/objectives';
import { z } from 'zod';
import { hasPath, type ConfigFile } from '../config/config-file.js';
import { layerSettings } from '../config/layer-settings.js';
import { ENV_OPTIONS_TYPE, settingTypesFor, type RunConfig, type SettingName } from '../config/settings-schema.js';
import { resolvePathOptions } from '../environment-flags.js';
import { toJson } from '../json-output.js';
import { UsageError } from '../usage-error.js';
import { planHash } from './sweep-plan.js';
import { resolveGrid, SWEEP_SETTING_NAMES, sweepTasks } from './sweep-grid.js';


/**
 * A sweep config file:
 *   task: maze                  # environment id (or vary it: grid: { task: [maze, huys] })
 *   seed: 1                     # sweep seed; each cell's run seed derives from (seed, cell)
 *   replicates: 3               # runs per grid point
 *   fixed: { episodes: 500, envOptions: { switchAt: null } }
 *   grid: { lambda: [0.05, 0.1], objective: [dra, eq8], envOptions.switchAt: [null, 300] }
 */
const sweepSchema = (types: Record<SettingName, z.ZodType>) =>
  z.strictObject({
    task: z.string().optional(),
    seed: z.number().int().min(0).default(1),
    replicates: z.number().int().min(1).default(1),
    fixed: z
      .strictObject({
        envOptions: ENV_OPTIONS_TYPE.optional(),
        ...Object.fromEntries(SWEEP_SETTING_NAMES.map((name) => [name, types[name].optional()])),
      })
      .default({}),
    grid: z.record(z.string(), z.array(z.unknown()).min(1, 'needs at least one value')),
  });

/** One run of a sweep. */
export interface SweepCell {
  /** Position in the enumeration (grid keys in file order, the last varying fastest, replicates innermost). */
  index: number;
  /** File-name id, e.g. `cell-0007`. */
  id: string;
  /** The grid values of this cell, by grid key, and its replicate. */
  parameters: Record<string, unknown>;
  replicate: number;
  settings: RunSettings;
}

/** A resolved sweep: its cells and the hash that identifies it. */
export interface Sweep {
  /** The environment of every cell, or null when the grid varies it (grid key `task`). */
  task: string | null;
  seed: number;
  replicates: number;
  gridKeys: string[];
  cells: SweepCell[];
  /** sha256 of every cell's full settings: equal hashes mean the same runs. */
  configHash: string;
}

/**
 * Reads and checks a sweep config: unknown keys, wrong types, and every cell's settings
 * (ranges, environment options) are reported together, each at its line and column. Objectives
 * are the built-in ones and those of `objectives` (an invocation's objective plugins).
 */
export function resolveSweep(config: ConfigFile, registry: EnvironmentRegistry, objectives?: ObjectiveRegistry): Sweep {
  config.vocabulary = ['task', 'seed', 'replicates', 'fixed', 'grid', 'envOptions', ...SWEEP_SETTING_NAMES];
  const types = settingTypesFor(objectives?.ids());
  const { value, problems: typeProblems } = config.parseValid(sweepSchema(types));
  const problems: string[] = [];
  const tasks = sweepTasks(config, value, registry);
  const grid = resolveGrid(config, value, registry, types, tasks, problems);
  const baseDir = dirname(config.file);
  const fixed = value.fixed as RunConfig;
  const cells: SweepCell[] = [];
  const settingProblems = new Set<string>();
  const count = countCells(grid, value.replicates);
  if (count > MAX_CELLS) {
    config.fail([{ path: ['replicates'], message: `the sweep has ${count} cells (replicates x the grid's values); at most ${MAX_CELLS} are allowed: split it into several sweeps` }]);
  }
  forEachAssignment(grid, (assignment) => {
    for (let replicate = 0; replicate < value.replicates; replicate++) {
      const index = cells.length;
      const parameters = Object.fromEntries(grid.map(([key], k) => [key, grid[k]![1][assignment[k]!]]));
      const task = (parameters.task as string | undefined) ?? value.task!;
      const layer: RunConfig = { envOptions: {} };
      for (const [key, v] of Object.entries(parameters)) {
        if (key === 'task') continue;
        if (key.startsWith('envOptions.')) layer.envOptions![key.slice('envOptions.'.length)] = v as number | boolean | string | null;
        else (layer as Record<string, unknown>)[key] = v;
      }
      const resolved = (config: RunConfig): RunConfig => ({ ...config, envOptions: resolvePathOptions(registry, task, config.envOptions, baseDir) });
      const settings = layerSettings(task, registry, [resolved(fixed), resolved(layer)], objectives);
      settings.seed = cellSeed(value.seed, parameters, replicate);
      for (const p of validateRunSettings(settings, registry, objectives)) {
        const k = grid.findIndex(([key]) => key === p.field);
        const path = k >= 0 ? ['grid', p.field, assignment[k]!] : hasPath(value.fixed, p.field.split('.')) ? ['fixed', ...p.field.split('.')] : ['task'];
        const detail = problemMessage(p);
        settingProblems.add(config.locate({ path, message: k >= 0 || path[0] === 'fixed' ? detail : `${detail} (a default of ${task}; set it in fixed)` }));
      }
      cells.push({ index, id: cellId(index, count), parameters, replicate, settings });
    }
  });
  const all = [...typeProblems, ...problems, ...settingProblems];
  if (all.length > 0) throw new UsageError(all.join('\n'));
  const configHash = planHash(cells);
  return { task: value.task ?? null, seed: value.seed, replicates: value.replicates, gridKeys: grid.map(([key]) => key), cells, configHash };
}

/** `cell-0007`: the index, zero-padded to the width of the largest index (at least 4 digits). */
export function cellId(index: number, cellCount: number): string {
  return `cell-${String(index).padStart(Math.max(4, String(cellCount - 1).length), '0')}`;
}

/** Cells one sweep may hold (its manifest lists them all). */
export const MAX_CELLS = 100_000;

function countCells(grid: readonly [string, unknown[]][], replicates: number): number {
  return grid.reduce((n, [, values]) => n * values.length, replicates);
}

/** Calls `visit` with every combination of value indices, the last grid key varying fastest. */
function forEachAssignment(grid: readonly [string, unknown[]][], visit: (assignment: number[]) => void): void {
  const assignment = grid.map(() => 0);
  for (;;) {
    visit(assignment);
    let k = grid.length - 1;
    while (k >= 0 && assignment[k] === grid[k]![1].length - 1) assignment[k--] = 0;
    if (k < 0) return;
    assignment[k]!++;
  }
}

/**
 * A cell's run seed: the first 32-bit word of the stream keyed by the sweep seed and the
 * cell's grid values and replicate, so a cell keeps its seed when other grid values are
 * added or removed.
 */
export function cellSeed(sweepSeed: number, parameters: Record<string, unknown>, replicate: number): number {
  const key = toJson(Object.fromEntries(Object.entries({ ...parameters, replicate }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  return Rng.create(`sweep:${sweepSeed}:${key}`).int32() >>> 0;
}

import { BadInputError, ENVIRONMENT_SPECIFICATION_VERSION, EnvironmentFileError, type EnvironmentPlugin } from '@dra/core';
import { GridWorld } from './grid-world.js';
import { TabularEnvironment } from './tabular-environment.js';
import { readTabularModelFile } from './tabular-model-file.js';

/**
 * Reads the text of the file a `path` option names; `option` is the option's name, for its
 * messages. The host provides it (the `dra` command reads with its size and file-kind checks),
 * so this package stays free of Node's file system and runs in a browser.
 */
export type ReadOptionFile = (path: string, option: string) => string;

/** Options of the `tabular` plugin. */
export interface TabularFileOptions {
  model: string;
  maxSteps: number | null;
}

/** Options of the `grid` plugin. */
export interface GridFileOptions {
  map: string;
  goalReward: number;
  stepReward: number;
  slip: number;
  maxSteps: number;
}

/** A tabular environment from the text of a model file (README "Tabular models from files"); `source` names the file in errors. */
export function tabularEnvironmentFromText(text: string, source: string, options: { maxSteps?: number | null; id?: string } = {}): TabularEnvironment {
  let data: unknown;
  try {
    data = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text); // a byte-order mark some editors write
  } catch (error) {
    throw new EnvironmentFileError(`model file ${source}: not valid JSON (${(error as Error).message})`);
  }
  const file = readTabularModelFile(data, source);
  const maxSteps = options.maxSteps ?? file.timeLimit ?? undefined;
  return new TabularEnvironment(file.model, {
    id: options.id ?? 'tabular',
    ...(maxSteps === undefined ? {} : { maxSteps }),
    stateNames: file.stateNames,
    actionNames: file.actionNames,
  });
}

const required = (option: string, value: unknown, what: string): string => {
  if (typeof value !== 'string' || value === '') throw new BadInputError(`${option} must be ${what}, got ${JSON.stringify(value) ?? 'none'}`);
  return value;
};

/** The `tabular` environment: a tabular MDP read from a model file (`--model FILE`). */
export function createTabularFilePlugin(readFile: ReadOptionFile): EnvironmentPlugin<TabularFileOptions> {
  return {
    specificationVersion: ENVIRONMENT_SPECIFICATION_VERSION,
    id: 'tabular',
    description: "a tabular MDP from a model file: Gymnasium's env.unwrapped.P as json.dump writes it, or dra envs --export",
    options: {
      model: { type: 'path', default: null, description: 'the model file (JSON; README of @dra/environments)' },
      maxSteps: { type: 'integer', default: null, description: "time limit of one episode (truncation); default the file's timeLimit, else its horizon, else 100000" },
    },
    create: (options = {}) => {
      const path = required('model', options.model, 'the path of a model file (--model FILE)');
      return tabularEnvironmentFromText(readFile(path, 'model'), `'${path}'`, { maxSteps: options.maxSteps ?? null });
    },
  };
}

/** The `grid` environment: a grid world from an ASCII map file (`--map FILE`). */
export function createGridFilePlugin(readFile: ReadOptionFile): EnvironmentPlugin<GridFileOptions> {
  return {
    specificationVersion: ENVIRONMENT_SPECIFICATION_VERSION,
    id: 'grid',
    description: 'a grid world from an ASCII map file: . free, # obstacle, S start, G goal; 4 moves (up, down, left, right)',
    options: {
      map: { type: 'path', default: null, description: 'the map file: one text line per row' },
      goalReward: { type: 'number', default: 10, description: 'reward of the step that enters a goal' },
      stepReward: { type: 'number', default: -1, description: 'reward of every other step' },
      slip: { type: 'number', default: 0, description: 'probability that a move slips to one side of the intended direction (slip / 2 each side)' },
      maxSteps: { type: 'integer', default: 100_000, description: 'time limit of one episode (truncation)' },
    },
    create: (options = {}) => {
      const path = required('map', options.map, 'the path of a map file (--map FILE)');
      const text = readFile(path, 'map');
      try {
        return new GridWorld({
          id: 'grid',
          map: text,
          ...(options.goalReward === undefined ? {} : { goalReward: options.goalReward }),
          ...(options.stepReward === undefined ? {} : { stepReward: options.stepReward }),
          ...(options.slip === undefined ? {} : { slip: options.slip }),
          ...(options.maxSteps === undefined ? {} : { maxSteps: options.maxSteps }),
        });
      } catch (error) {
        if (error instanceof BadInputError && error.message.startsWith('grid map')) throw new EnvironmentFileError(`map file '${path}': ${error.message}`);
        throw error;
      }
    },
  };
}

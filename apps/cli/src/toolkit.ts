import { BadInputError, EnvironmentFileError } from '@dra/core';
import { createGridFilePlugin, createTabularFilePlugin, type EnvironmentRegistry } from '@dra/environments';
import { createPaperRegistry } from '@dra/experiments';
import { createBuiltInObjectives, type ObjectiveRegistry } from '@dra/objectives';
import { flagName } from './parse-flag.js';
import { INPUT_LIMITS, readInputFile } from './input-file.js';
import type { LoadedPlugins, TakenIds } from './plugin-modules.js';

/**
 * What one invocation of `dra` knows: the environments (built-in, mountain car, the file-based
 * `tabular` and `grid`, and the --plugin ones) and the objectives (DRA, Eq. 8, Eq. 10 and the --plugin ones). Built once from the
 * loaded plugins and handed to every command; nothing of it is global.
 */
export interface Toolkit {
  readonly environments: EnvironmentRegistry;
  readonly objectives: ObjectiveRegistry;
  /** The --plugin module paths, absolute, for worker threads to load again. */
  readonly pluginPaths: readonly string[];
}

/** The toolkit of an invocation with these plugins (none: the built-in ones only). */
export function createToolkit(plugins: LoadedPlugins = { environments: [], objectives: [] }, pluginPaths: readonly string[] = []): Toolkit {
  const environments = createPaperRegistry();
  // The file an option names is read with the checks of every input file (a regular file, a size cap).
  const readOptionFile = (path: string, option: string) => {
    try {
      return readInputFile(path, flagName(option), INPUT_LIMITS.data);
    } catch (error) {
      // A file that cannot be read is named as it is, not folded into the settings' problems.
      if (error instanceof BadInputError) throw new EnvironmentFileError(error.message);
      throw error;
    }
  };
  environments.register(createTabularFilePlugin(readOptionFile)).register(createGridFilePlugin(readOptionFile));
  for (const plugin of plugins.environments) environments.register(plugin);
  const objectives = createBuiltInObjectives();
  for (const plugin of plugins.objectives) objectives.register(plugin);
  return { environments, objectives, pluginPaths };
}

/** The ids plugins may not take: the built-in environments and objectives. */
export function builtInIds(): TakenIds {
  const toolkit = createToolkit();
  return { environments: toolkit.environments.ids(), objectives: toolkit.objectives.ids() };
}

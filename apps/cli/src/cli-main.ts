import { createRequire } from 'node:module';
import { CommanderError } from 'commander';
import { loadPluginModules, pluginPaths } from './plugin-modules.js';
import { createProgram } from './program.js';
import { createCliRegistry, useUserPlugins } from './registry.js';
import { EXIT_USAGE, UsageError } from './usage-error.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** Messages of errors the JavaScript engine throws on its own. */
const ENGINE_ERROR = /^Cannot (read|set) properties of|is not a function|is not iterable|is not a constructor|^Cannot convert|is not defined$|^Maximum call stack size exceeded|^Invalid array length|^Invalid string length/;

/**
 * Runs the `dra` command line on `argv` (node, script, arguments...) and returns the exit
 * code: 0 done, 2 bad input (one message on stderr, nothing written), 1 an internal error.
 */
export async function main(argv: string[]): Promise<number> {
  try {
    // Plugins first: their options become flags of the commands.
    useUserPlugins([]);
    const paths = pluginPaths(argv.slice(2));
    if (paths.length > 0) useUserPlugins(await loadPluginModules(paths, createCliRegistry().ids()));
    const program = createProgram(version);
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (with a suggestion for a misspelt flag).
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    // The toolkit's packages reject bad values with RangeError or TypeError; the same types
    // thrown by the engine itself (reading a property of undefined, ...) are bugs, not bad input.
    if (error instanceof UsageError || ((error instanceof RangeError || error instanceof TypeError) && !ENGINE_ERROR.test(error.message))) {
      process.stderr.write(`${error.message.split('\n').map((line) => `dra: ${line}`).join('\n')}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`dra: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

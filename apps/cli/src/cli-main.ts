import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { BadInputError, EnvironmentFaultError, EXIT_CODES, systemFailureOf } from '@dra/core';
import { CommanderError } from 'commander';
import { loadPluginModules, pluginPaths } from './plugin-modules.js';
import { createProgram } from './program.js';
import { builtInIds, createToolkit } from './toolkit.js';
import { hintOf } from './error-hint.js';
import { ReportedFailure } from './reported-failure.js';
import { EXIT_USAGE } from './usage-error.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/**
 * Runs the `dra` command line on `argv` (node, script, arguments...) and returns the exit
 * code by failure class (`EXIT_CODES`): 0 done; 2 bad input or an environment fault (one
 * message on stderr, nothing written); 3 the system refused (one line naming the path and the
 * reason); 1 an internal error (a bug: the stack, to be reported).
 */
export async function main(argv: string[]): Promise<number> {
  try {
    // Plugins first: their options become flags of the commands.
    const paths = pluginPaths(argv.slice(2));
    const plugins = paths.length > 0 ? await loadPluginModules(paths, builtInIds()) : undefined;
    const program = createProgram(version, createToolkit(plugins, paths.map((path) => resolve(path))));
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof ReportedFailure) return error.exitCode;
    if (error instanceof CommanderError) {
      // Commander has already printed its message (with a suggestion for a misspelt flag).
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    const hint = hintOf(error);
    const hinted = (text: string) => (hint === null ? text : `${text}; ${hint}`);
    if (error instanceof BadInputError || error instanceof EnvironmentFaultError) {
      process.stderr.write(`${hinted(error.message).split('\n').map((line) => `dra: ${line}`).join('\n')}\n`);
      return EXIT_USAGE;
    }
    const system = systemFailureOf(error);
    if (system !== null) {
      process.stderr.write(`dra: ${hinted(`cannot ${system.syscall}${system.path === null ? '' : ` '${system.path}'`}: ${system.reason} (${system.code})`)}\n`);
      return EXIT_CODES.system;
    }
    process.stderr.write(`dra: internal error (a bug in dra: please report it with the command that caused it):\n${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT_CODES.internal;
  }
}

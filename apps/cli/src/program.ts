import { Command } from 'commander';
import { registerBenchCommand } from './commands/bench.js';
import { registerRunCommand } from './commands/run.js';

/** The `dra` command line. Errors of use exit with code 2 (see dra.ts). */
export function createProgram(version: string): Command {
  const program = new Command('dra')
    .description('Dynamic Resource Allocation in reinforcement learning: run experiments, benchmark.')
    .version(version)
    .showSuggestionAfterError(true)
    .exitOverride();
  registerRunCommand(program);
  registerBenchCommand(program);
  for (const command of program.commands) command.exitOverride().showSuggestionAfterError(true);
  return program;
}

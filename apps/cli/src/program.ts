import { Command } from 'commander';
import { createToolkit, type Toolkit } from './toolkit.js';
import { registerBenchCommand } from './commands/bench.js';
import { registerCompareCommand } from './commands/compare.js';
import { registerEnvsCommand } from './commands/envs.js';
import { registerEvaluateCommand } from './commands/evaluate.js';
import { registerMergeCommand } from './commands/merge.js';
import { registerPlotCommand } from './commands/plot.js';
import { registerReproduceCommand } from './commands/reproduce.js';
import { registerRolloutCommand } from './commands/rollout.js';
import { registerRunCommand } from './commands/run.js';
import { registerServeCommand } from './commands/serve.js';
import { registerSweepCommand } from './commands/sweep.js';
import { registerTimePressureCommand } from './commands/time-pressure.js';

/** The `dra` command line. Errors of use exit with code 2 (see dra.ts). */
export function createProgram(version: string, toolkit: Toolkit = createToolkit()): Command {
  const program = new Command('dra')
    .description('Dynamic Resource Allocation in reinforcement learning: run experiments, replay environments, benchmark.')
    .version(version)
    .showSuggestionAfterError(true)
    // Options belong to the command they follow: `dra sweep work DIR --threads 1` sets the worker's threads, not the sweep's.
    .enablePositionalOptions()
    .exitOverride();
  registerRunCommand(program, toolkit);
  registerEvaluateCommand(program, toolkit);
  registerCompareCommand(program, toolkit);
  registerSweepCommand(program, toolkit);
  registerMergeCommand(program);
  registerPlotCommand(program, toolkit);
  registerReproduceCommand(program, toolkit);
  registerEnvsCommand(program, toolkit);
  registerRolloutCommand(program, toolkit);
  registerTimePressureCommand(program);
  registerServeCommand(program);
  registerBenchCommand(program);
  for (const command of program.commands) command.exitOverride().showSuggestionAfterError(true);
  return program;
}

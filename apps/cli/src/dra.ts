import { createRequire } from 'node:module';
import { CommanderError } from 'commander';
import { createProgram } from './program.js';
import { EXIT_USAGE, UsageError } from './usage-error.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

async function main(argv: string[]): Promise<number> {
  const program = createProgram(version);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (with a suggestion for a misspelt flag).
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof UsageError || error instanceof RangeError || error instanceof TypeError) {
      process.stderr.write(`${error.message.split('\n').map((line) => `dra: ${line}`).join('\n')}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`dra: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv);

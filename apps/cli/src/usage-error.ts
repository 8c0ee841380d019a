import { BadInputError, EXIT_CODES } from '@dra/core';

/** Bad input from the user at the command line: printed as one message, exit code 2, nothing written. */
export class UsageError extends BadInputError {
  override readonly name: string = 'UsageError';
}

/** Exit code for bad input (flags, settings, files). */
export const EXIT_USAGE = EXIT_CODES.badInput;

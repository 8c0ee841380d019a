/** Bad input from the user: printed as one message, exit code 2, nothing written. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit code for bad input (flags, settings, files). */
export const EXIT_USAGE = 2;

import { readFileSync, statSync } from 'node:fs';
import { SYSTEM_ERROR_CODES } from '@dra/core';
import { UsageError } from './usage-error.js';

/** The largest input file of each kind `dra` reads, in bytes (checked before reading, so `--config /dev/urandom` cannot eat memory). */
export const INPUT_LIMITS = Object.freeze({
  /** A settings or sweep config (YAML or JSON). */
  config: 4 * 2 ** 20,
  /** A memory table, a checkpoint, a time-pressure result, a sweep cell. */
  data: 512 * 2 ** 20,
  /** A run's curve.csv (700 000 evaluations take about 50 MB). */
  curve: 1024 * 2 ** 20,
});

/**
 * Reads a text file the user pointed `dra` at, after checking that it is a regular file (not a
 * device, directory or pipe) no larger than `maxBytes`. Every problem is a usage error that
 * starts with `role` (the flag; empty for a file of a directory given elsewhere) and names the
 * path and the reason.
 */
export function readInputFile(path: string, role: string, maxBytes: number): string {
  const label = `${role === '' ? '' : `${role} `}'${path}'`;
  const reason = (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== undefined && code in SYSTEM_ERROR_CODES ? `${SYSTEM_ERROR_CODES[code]} (${code})` : (error as Error).message;
  };
  let size: number;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw new UsageError(`${label} is not a regular file (a directory, a device or a pipe)`);
    size = stats.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${label} cannot be read: ${reason(error)}`);
  }
  if (size > maxBytes) throw new UsageError(`${label} is ${(size / 2 ** 20).toFixed(1)} MB, more than the ${maxBytes / 2 ** 20} MB such a file may hold`);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${label} cannot be read: ${reason(error)}`);
  }
}

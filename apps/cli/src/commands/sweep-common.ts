import type { Toolkit } from '../toolkit.js';
import { acquireDirectoryLock, releaseDirectoryLock } from '../directory-lock.js';
import { ConfigFile } from '../config/config-file.js';
import { finiteNumber } from '../parse-flag.js';
import type { Shard } from '../sweep/shard.js';
import { resolveSweep, type Sweep } from '../sweep/sweep-config.js';
import { layOutSweep, sweepInputFiles } from '../sweep/sweep-runner.js';
import { InvalidArgumentError } from 'commander';

/** Lease period of a worker's claims, in seconds, unless --lease says otherwise. */
export const DEFAULT_LEASE_SECONDS = 60;

/** `--lease <seconds>`: a positive number of seconds. */
export function leaseValue(value: string): number {
  const seconds = finiteNumber(value);
  if (!(seconds > 0)) throw new InvalidArgumentError(`expected a number of seconds > 0, got '${value}'.`);
  return seconds;
}

/** Reads and checks a sweep config against the invocation's environments and objectives. */
export function readSweepConfig(configPath: string, toolkit: Toolkit): Sweep {
  return resolveSweep(ConfigFile.read(configPath, 'sweep config'), toolkit.environments, toolkit.objectives);
}

/**
 * Lays a sweep out in `out` (or takes up the one there with `resume`), under the
 * directory's lock so that two layouts cannot interleave; workers then share it without one.
 */
export function layOut(sweep: Sweep, out: string, options: { shard: Shard | null; resume: boolean; toolkit: Toolkit; command: string }) {
  acquireDirectoryLock(out, options.command);
  try {
    return layOutSweep({ sweep, out, shard: options.shard, resume: options.resume, plugins: options.toolkit.pluginPaths, inputFiles: sweepInputFiles(options.toolkit.environments, sweep) });
  } finally {
    releaseDirectoryLock(out);
  }
}

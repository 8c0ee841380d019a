import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Toolkit } from '../toolkit.js';
import { acquireDirectoryLock, releaseDirectoryLock } from '../directory-lock.js';
import { ConfigFile } from '../config/config-file.js';
import { finiteNumber } from '../parse-flag.js';
import type { Shard } from '../sweep/shard.js';
import { resolveSweep, type Sweep } from '../sweep/sweep-config.js';
import { sweepInputFiles } from '../input-file-digests.js';
import { MANIFEST_FILE } from '../sweep/sweep-directory.js';
import { layOutSweep } from '../sweep/sweep-layout.js';
import { InvalidArgumentError } from 'commander';
import { LEASE_SECONDS_RANGE } from '../sweep/cell-claims.js';

export { DEFAULT_LEASE_SECONDS } from '../sweep/cell-claims.js';

/** `--lease <seconds>`: a number of seconds within `LEASE_SECONDS_RANGE`. */
export function leaseValue(value: string): number {
  const seconds = finiteNumber(value);
  const [low, high] = LEASE_SECONDS_RANGE;
  if (!(seconds >= low && seconds <= high)) throw new InvalidArgumentError(`expected a number of seconds from ${low} to ${high}, got '${value}'.`);
  return seconds;
}

/** Reads and checks a sweep config against the invocation's environments and objectives. */
export function readSweepConfig(configPath: string, toolkit: Toolkit): Sweep {
  return resolveSweep(ConfigFile.read(configPath, 'sweep config'), toolkit.environments, toolkit.objectives);
}

/**
 * Lays a sweep out in `out` (or takes up the one there with `resume`). A new layout is made
 * under the directory's lock, so that two cannot interleave; a laid-out sweep is shared by
 * its workers without one.
 */
export function layOut(sweep: Sweep, out: string, options: { shard: Shard | null; resume: boolean; toolkit: Toolkit; command: string }) {
  const layout = () =>
    layOutSweep({ sweep, out, shard: options.shard, resume: options.resume, plugins: options.toolkit.pluginPaths, inputFiles: sweepInputFiles(options.toolkit.environments, sweep.cells, options.toolkit.pluginPaths) });
  if (options.resume && existsSync(join(out, MANIFEST_FILE))) return layout();
  acquireDirectoryLock(out, options.command);
  try {
    return layout();
  } finally {
    releaseDirectoryLock(out);
  }
}

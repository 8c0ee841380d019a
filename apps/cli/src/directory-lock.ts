import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './usage-error.js';

/** Who holds a directory: written into its lock file when the lock is taken. */
export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

/** The lock file of an output directory: `.NAME.lock` beside it (it must exist before the directory does). */
export function lockPath(target: string): string {
  const full = resolve(target);
  return join(dirname(full), `.${basename(full)}.lock`);
}

const held = new Set<string>();
/** The start time written into each lock this process holds: a lock is ours only if it still says so. */
const mine = new Map<string, string>();
let releaseOnExit = false;

/**
 * Takes the exclusive lock of an output directory (a run, a sweep, a merge target) for this
 * process, created atomically (`wx`). A lock left by a dead process on this host is taken
 * over; one of a live process, or of another host (whose processes cannot be checked from
 * here), is refused with a usage error naming the holder. The lock is released when the
 * process exits, on SIGINT and on SIGTERM; after kill -9 the next taker recognises it as
 * stale. Taking a lock this process already holds does nothing.
 */
export function acquireDirectoryLock(target: string, command: string): void {
  const path = lockPath(target);
  if (held.has(path)) return;
  mkdirSync(dirname(path), { recursive: true });
  const me: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, `${JSON.stringify(me)}\n`, { flag: 'wx' });
      held.add(path);
      mine.set(path, me.startedAt);
      if (!releaseOnExit) {
        releaseOnExit = true;
        const releaseAll = () => {
          for (const p of [...held]) releaseLock(p);
        };
        process.once('exit', releaseAll);
        // Ctrl-C and a polite kill release the lock too (kill -9 leaves it, and the next taker finds it stale).
        for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
          process.once(signal, () => {
            releaseAll();
            process.exit(code);
          });
        }
      }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // A lock just created may not hold its text yet: look again after a moment.
    const holder = readHolder(path) ?? (sleep(100), readHolder(path));
    if (holder === null || holder.host !== hostname() || isAlive(holder.pid)) {
      const who = holder === null ? `an unreadable lock '${path}'` : `dra (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}: ${holder.command})`;
      const advice = holder !== null && holder.host !== hostname() ? `; if that process is gone, remove '${path}'` : holder === null ? `; remove it if no dra process uses '${target}'` : '; wait for it to finish or stop it';
      throw new UsageError(`'${target}' is in use by ${who}${advice}`);
    }
    // A dead holder on this host: move its lock aside, and take over only if what was moved is the lock judged stale.
    const aside = `${path}.stale-${process.pid}`;
    try {
      renameSync(path, aside);
    } catch {
      continue; // another process took it over first; look again
    }
    const moved = readHolder(aside);
    if (moved?.pid === holder.pid && moved.host === holder.host && moved.startedAt === holder.startedAt) {
      rmSync(aside, { force: true });
    } else {
      // A live lock taken between our read and our rename: put it back, unless yet another
      // process has taken the empty place meanwhile (link, unlike rename, never overwrites).
      try {
        linkSync(aside, path);
      } catch {
        // the place is taken: the lock we moved is superseded by a newer one
      }
      rmSync(aside, { force: true });
    }
  }
  throw new UsageError(`'${target}': could not take its lock '${path}' (other processes keep taking it)`);
}

/** Releases a lock this process holds (a lock another process took over is left alone). */
export function releaseDirectoryLock(target: string): void {
  releaseLock(lockPath(target));
}

function releaseLock(path: string): void {
  if (!held.delete(path)) return;
  const holder = readHolder(path);
  if (holder?.pid === process.pid && holder.host === hostname() && holder.startedAt === mine.get(path)) rmSync(path, { force: true });
}

function readHolder(path: string): LockHolder | null {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.startedAt === 'string') {
      return { pid: value.pid, host: value.host, startedAt: value.startedAt, command: String(value.command ?? '') };
    }
  } catch {
    // missing or being written: unreadable
  }
  return null;
}

/** Whether a process of this host is alive (signal 0 checks without sending anything). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { syncDirectory, writeFileDurably } from './atomic-file.js';
import { UsageError } from './usage-error.js';

/** Checks before a run that its directory can be written (fails fast, writes nothing). */
export function checkRunDirectory(dir: string, force: boolean): void {
  const target = resolve(dir);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new UsageError(`--out '${dir}' exists and is not a directory`);
    if (!force) throw new UsageError(`--out '${dir}' already exists; pass --force to replace it`);
  }
  const parent = dirname(target);
  if (existsSync(parent) && !statSync(parent).isDirectory()) throw new UsageError(`--out '${dir}': '${parent}' is not a directory`);
}

/**
 * Writes a run directory atomically: every file (a name may hold subdirectories, `runs/a/x.json`)
 * goes into a sibling temporary directory, each is flushed, then the directory is renamed into place. An existing directory is
 * replaced only with `force`, and only after the new one is complete (it is moved aside,
 * the new one renamed in, then the old one removed), so a crash never leaves a half run.
 */
export function writeRunDirectory(dir: string, files: Record<string, string | Uint8Array>, force: boolean): void {
  const target = resolve(dir);
  checkRunDirectory(dir, force);
  mkdirSync(dirname(target), { recursive: true });
  const stamp = `${process.pid}-${Date.now()}`;
  const staging = join(dirname(target), `.${basename(target)}.partial-${stamp}`);
  mkdirSync(staging);
  try {
    for (const [name, text] of Object.entries(files)) {
      const path = join(staging, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileDurably(path, text);
    }
    if (existsSync(target)) {
      const old = join(dirname(target), `.${basename(target)}.old-${stamp}`);
      renameSync(target, old);
      renameSync(staging, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(staging, target);
    }
    syncDirectory(dirname(target));
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

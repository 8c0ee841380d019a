import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { syncDirectory, writeFileDurably } from './atomic-file.js';
import { UsageError } from './usage-error.js';

/**
 * Files that mark a directory as written by this toolkit: a run (`run.json`), a sweep or merge
 * (`sweep.json`), figures (`figures.json`), a comparison (`compare.json`), a reproduction
 * (`report.md` with `results.json`). `--force` replaces nothing else that is not empty.
 */
const TOOLKIT_MARKERS: readonly (readonly string[])[] = [['run.json'], ['sweep.json'], ['figures.json'], ['compare.json'], ['report.md', 'results.json']];

/** Whether a directory is empty or one this toolkit wrote (see `TOOLKIT_MARKERS`). */
export function isToolkitDirectory(dir: string): boolean {
  const names = new Set(readdirSync(dir));
  return names.size === 0 || TOOLKIT_MARKERS.some((marker) => marker.every((name) => names.has(name)));
}

/**
 * Checks before a run that its directory can be written (fails fast, writes nothing). With
 * `force` an existing directory may be replaced only when the toolkit wrote it, and never the
 * current directory, one of its parents or the home directory.
 */
export function checkRunDirectory(dir: string, force: boolean, flag = '--out'): void {
  if (dir.trim() === '') throw new UsageError(`${flag} must be a path, got '${dir}'`);
  const target = resolve(dir);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new UsageError(`${flag} '${dir}' exists and is not a directory`);
    if (!force) throw new UsageError(`${flag} '${dir}' already exists; pass --force to replace it`);
    const fromCwd = relative(target, process.cwd());
    if (fromCwd === '' || !(fromCwd === '..' || fromCwd.startsWith(`..${sep}`)) || target === resolve(homedir())) {
      throw new UsageError(`${flag} '${dir}' is ${target === resolve(homedir()) ? 'the home directory' : 'the current directory or one of its parents'}; --force never replaces it`);
    }
    if (!isToolkitDirectory(target)) {
      throw new UsageError(`${flag} '${dir}' is not empty and was not written by dra (no run.json, sweep.json, figures.json, compare.json or report.md); --force replaces only dra's own directories`);
    }
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
      try {
        renameSync(staging, target);
      } catch (error) {
        if (!existsSync(target)) renameSync(old, target); // the old result goes back where it was
        throw error;
      }
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

/** Refuses an output directory that is, contains or lies inside one of the command's inputs (`--force` would delete them). */
export function checkOutputApartFromInputs(out: string, inputs: readonly string[], flag = '--out'): void {
  const target = resolve(out);
  for (const input of inputs) {
    const source = resolve(input);
    const inside = (a: string, b: string) => {
      const r = relative(b, a);
      return r === '' || !(r === '..' || r.startsWith(`..${sep}`) || resolve(r) === r);
    };
    if (inside(target, source) || inside(source, target)) throw new UsageError(`${flag} '${out}' overlaps the input '${input}'; write the output elsewhere`);
  }
}

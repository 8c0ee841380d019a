import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RunSettings } from '@dra/agent';
import type { EnvironmentRegistry } from '@dra/environments';
import { flagName } from './parse-flag.js';
import { UsageError } from './usage-error.js';

/** A file an environment option named when a run trained, and the SHA-256 of its bytes then. */
export interface InputFileDigest {
  path: string;
  sha256: string;
}

/** The files the run's `path` options name (a model file, a map), with their digests, by option. */
export function inputFileDigests(registry: EnvironmentRegistry, settings: RunSettings): Record<string, InputFileDigest> {
  const out: Record<string, InputFileDigest> = {};
  const specs = registry.get(settings.env).options;
  for (const [name, value] of Object.entries(settings.envOptions)) {
    if (specs[name]?.type === 'path' && typeof value === 'string') out[name] = { path: value, sha256: sha256Of(value) };
  }
  return out;
}

/**
 * Refuses a run directory whose input files changed since it trained: its memories belong to
 * the old task, and replaying or evaluating them on the new one would give numbers for a task
 * nobody trained on. Runs without recorded digests pass.
 */
export function checkInputFiles(dir: string, registry: EnvironmentRegistry, settings: RunSettings, recorded: unknown): void {
  if (recorded === null || typeof recorded !== 'object') return;
  const now = inputFileDigests(registry, settings);
  for (const [option, then] of Object.entries(recorded as Record<string, InputFileDigest>)) {
    const current = now[option];
    if (current === undefined || then?.sha256 === undefined || current.sha256 === then.sha256) continue;
    throw new UsageError(
      `'${dir}': the ${flagName(option).slice(2)} file '${current.path}' changed since the run trained (sha256 ${then.sha256.slice(0, 12)}... then, ${current.sha256.slice(0, 12)}... now); ` +
        'its memories belong to the old file: restore it, or train a new run',
    );
  }
}

/**
 * The files a sweep's cells read, each once, with their SHA-256 now: those the cells' `path`
 * options name (model files, maps) and the plugin modules (`plugins`, absolute paths).
 */
export function sweepInputFiles(registry: EnvironmentRegistry, cells: readonly { settings: RunSettings }[], plugins: readonly string[] = []): InputFileDigest[] {
  const paths = new Set<string>(plugins);
  for (const cell of cells) {
    const specs = registry.get(cell.settings.env).options;
    for (const [name, value] of Object.entries(cell.settings.envOptions)) {
      if (specs[name]?.type === 'path' && typeof value === 'string') paths.add(value);
    }
  }
  return [...paths].sort().map((path) => ({ path, sha256: sha256Of(path) }));
}

/** Refuses to work on a sweep whose model or map files or plugins changed since it was laid out: its cells would train on two different tasks. */
export function checkSweepInputFiles(dir: string, inputFiles: readonly InputFileDigest[]): void {
  for (const file of inputFiles) {
    let now: string;
    try {
      now = sha256Of(file.path);
    } catch (error) {
      throw new UsageError(`'${dir}': its cells read '${file.path}', which cannot be read here (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); workers need the same files at the same paths`);
    }
    if (now !== file.sha256) {
      throw new UsageError(`'${dir}': '${file.path}' changed since the sweep was laid out (sha256 ${file.sha256.slice(0, 12)}... then, ${now.slice(0, 12)}... now); restore it, or lay the sweep out again in a new directory`);
    }
  }
}

function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

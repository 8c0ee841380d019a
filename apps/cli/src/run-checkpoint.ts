import { existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { RunSettings, TrainingCheckpoint } from '@dra/agent';
import { MemoryTable, Rng, type MemoryRows, type RngState } from '@dra/core';
import type { EnvironmentRegistry } from '@dra/environments';
import type { ObjectiveRegistry } from '@dra/objectives';
import { writeFileAtomically } from './atomic-file.js';
import { toJson } from './json-output.js';
import { writeRunDirectory } from './run-directory.js';
import { checkSavedSettings } from './saved-run.js';
import { UsageError } from './usage-error.js';
import { INPUT_LIMITS, readInputFile } from './input-file.js';

/**
 * A run with `--out DIR` keeps its state in `.DIR.in-progress` beside DIR while it trains:
 * `config.json` (the resolved settings), `started.json` and, every few episodes, an atomically
 * replaced `checkpoint.json`. `dra run --resume DIR` continues from the last checkpoint; the
 * finished run directory is then written as usual and the in-progress directory removed.
 */
export function inProgressDirectory(out: string): string {
  const target = resolve(out);
  return join(dirname(target), `.${basename(target)}.in-progress`);
}

/** Where `--force` keeps an interrupted run it supersedes until the new run commits. */
export function supersededDirectory(out: string): string {
  return `${inProgressDirectory(out)}.superseded`;
}

export interface InterruptedRun {
  settings: RunSettings;
  startedAt: string;
  /** Started with --force: the finished run it replaces when it commits (`startedAt` of DIR's run.json then, null if there was none); null when started without --force. */
  replaces: { startedAt: string | null } | null;
  /** Null when the run was killed before its first checkpoint: it starts over. */
  checkpoint: TrainingCheckpoint | null;
}

/**
 * Starts the in-progress directory of a new run, written whole in a staging directory and
 * renamed into place, so it exists complete or not at all. An interrupted run already there
 * is kept: without `force` the start is refused; with `force` it is moved aside
 * (`supersededDirectory`) and removed only when the new run commits.
 */
export function startInProgress(out: string, settings: RunSettings, startedAt: string, force: boolean): void {
  const dir = inProgressDirectory(out);
  restoreSuperseded(out);
  const superseding = existsSync(dir);
  if (superseding) {
    if (!force) throw new UsageError(`--out '${out}' has an interrupted run ('${dir}'); finish it with dra run --resume ${out}, or pass --force to start over (the interrupted run is kept until the new one finishes)`);
    if (existsSync(supersededDirectory(out))) {
      throw new UsageError(
        `--out '${out}' holds an interrupted run ('${dir}') and an older one it superseded ('${supersededDirectory(out)}'); finish the newer with dra run --resume ${out}, or remove one of them, before starting another`,
      );
    }
    renameSync(dir, supersededDirectory(out));
  }
  // What this run will replace when it commits: the finished run there now (by its start), so a
  // later --resume replaces that run and nothing else put there in the meantime.
  const replaces = force ? { startedAt: finishedStart(out) } : null;
  try {
    writeRunDirectory(dir, { 'config.json': `${toJson(settings, 2)}\n`, 'started.json': `${toJson({ startedAt, replaces })}\n` }, false);
  } catch (error) {
    if (superseding) renameSync(supersededDirectory(out), dir);
    throw error;
  }
}

/** An interrupted run left superseded without the run that superseded it (a start cut short) comes back. */
function restoreSuperseded(out: string): void {
  if (existsSync(supersededDirectory(out)) && !existsSync(inProgressDirectory(out))) renameSync(supersededDirectory(out), inProgressDirectory(out));
}

/** The `startedAt` of the finished run in DIR (its run.json), or null when there is none. */
export function finishedStart(out: string): string | null {
  try {
    const finished = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { startedAt?: unknown };
    return typeof finished.startedAt === 'string' ? finished.startedAt : null;
  } catch {
    return null;
  }
}

export function writeCheckpoint(out: string, checkpoint: TrainingCheckpoint): void {
  writeFileAtomically(join(inProgressDirectory(out), 'checkpoint.json'), `${toJson(checkpoint)}\n`);
}

/**
 * A new run refused part way (bad input found in training, an environment fault) is not
 * resumable: its in-progress state goes, and an interrupted run it had superseded comes back.
 */
export function abandonInProgress(out: string): void {
  rmSync(inProgressDirectory(out), { recursive: true, force: true });
  restoreSuperseded(out);
}

/** After the run directory is committed: its in-progress state and any run it superseded go. */
export function removeInProgress(out: string): void {
  rmSync(inProgressDirectory(out), { recursive: true, force: true });
  rmSync(supersededDirectory(out), { recursive: true, force: true });
}

/** Reads an interrupted run; anything missing or malformed is a usage error naming the file. */
export function readInterruptedRun(out: string, registry: EnvironmentRegistry, objectives?: ObjectiveRegistry): InterruptedRun {
  const dir = inProgressDirectory(out);
  restoreSuperseded(out);
  if (existsSync(out) && existsSync(dir) && sameStart(out, dir)) {
    // The finished directory is this very run (same start): killed after committing it, before
    // its in-progress state was removed. Anything else there is an interrupted run to finish.
    removeInProgress(out);
  }
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(existsSync(out) ? `--resume '${out}': the run is complete; nothing to resume` : `--resume '${out}': no interrupted run there (no '${dir}')`);
  }
  const read = (name: string): unknown => {
    const file = join(dir, name);
    if (!existsSync(file)) throw new UsageError(`--resume: '${file}' is missing`);
    const text = readInputFile(file, '--resume:', INPUT_LIMITS.data);
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new UsageError(`--resume: '${file}' is not valid JSON (${(error as Error).message})`);
    }
  };
  const settings = checkSavedSettings(read('config.json'), `--resume: '${join(dir, 'config.json')}'`, registry, objectives);
  const started = read('started.json') as { startedAt?: unknown } | null;
  if (typeof started?.startedAt !== 'string') throw new UsageError(`--resume: '${join(dir, 'started.json')}': startedAt must be a string, got ${JSON.stringify(started?.startedAt)}`);
  const checkpoint = existsSync(join(dir, 'checkpoint.json')) ? checkCheckpoint(read('checkpoint.json'), join(dir, 'checkpoint.json'), settings) : null;
  // Older in-progress directories recorded `replaces: true`; they replace whatever finished run is there.
  const recorded = (started as { replaces?: unknown }).replaces;
  const replaces = recorded === true ? { startedAt: finishedStart(out) } : recorded !== null && typeof recorded === 'object' ? { startedAt: (recorded as { startedAt?: unknown }).startedAt ?? null } : null;
  return { settings, startedAt: started.startedAt, replaces: replaces as InterruptedRun['replaces'], checkpoint };
}

/** Whether a finished run directory and an in-progress one record the same start (run.json's startedAt). */
function sameStart(out: string, dir: string): boolean {
  try {
    const started = JSON.parse(readFileSync(join(dir, 'started.json'), 'utf8')) as { startedAt?: unknown };
    const finished = finishedStart(out);
    return finished !== null && finished === started.startedAt;
  } catch {
    return false;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isWhole = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Checks a checkpoint's shape and values; the first problem is a usage error naming the file and field. */
function checkCheckpoint(value: unknown, file: string, settings: RunSettings): TrainingCheckpoint {
  const fail = (field: string, expected: string, got: unknown): never => {
    throw new UsageError(`--resume: '${file}': ${field} must be ${expected}, got ${JSON.stringify(got)?.slice(0, 80) ?? String(got)}`);
  };
  if (!isRecord(value)) return fail('the checkpoint', 'an object', value);
  if (!isWhole(value.episode) || value.episode > settings.episodes) fail('episode', `a whole number from 0 to ${settings.episodes}`, value.episode);
  try {
    MemoryTable.fromRows(value.memory as MemoryRows);
  } catch (error) {
    fail('memory', `a memory table (${(error as Error).message})`, '...');
  }
  const rng = value.rng;
  if (!isRecord(rng)) return fail('rng', 'an object of stream states', rng);
  for (const stream of ['learning', 'gradient', 'evaluation']) {
    try {
      Rng.fromState(rng[stream] as RngState);
    } catch {
      fail(`rng.${stream}`, 'a saved generator state', rng[stream]);
    }
  }
  if (!Array.isArray(value.curve)) return fail('curve', 'an array', value.curve);
  value.curve.forEach((p: unknown, i) => {
    if (!isRecord(p)) return fail(`curve[${i}]`, 'an object', p);
    if (!isWhole(p.episode)) fail(`curve[${i}].episode`, 'a whole number >= 0', p.episode);
    for (const key of ['objective', 'return', 'memoryCost', 'actionEntropy']) if (typeof p[key] !== 'number' || !Number.isFinite(p[key])) fail(`curve[${i}].${key}`, 'a finite number', p[key]);
  });
  const steps = value.steps;
  if (!isRecord(steps)) return fail('steps', 'an object', steps);
  for (const key of ['learning', 'gradient', 'evaluation', 'total']) if (!isWhole(steps[key])) fail(`steps.${key}`, 'a whole number >= 0', steps[key]);
  const numbers = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (value.sigmaStep !== undefined) {
    const step = value.sigmaStep;
    if (!isRecord(step) || !isWhole(step.steps) || !numbers(step.first) || !numbers(step.second)) fail('sigmaStep', 'the step rule state { steps, first, second }', step);
  }
  if (value.estimator !== undefined && (!isRecord(value.estimator) || !Object.values(value.estimator).every(numbers))) fail('estimator', 'an object of number arrays', value.estimator);
  return value as unknown as TrainingCheckpoint;
}

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError, EnvironmentFaultError, EXIT_CODES, systemFailureOf } from '@dra/core';
import { TEMPORARY_PREFIX, writeFileAtomically } from '../atomic-file.js';
import { isCellDone } from './sweep-directory.js';
import { toJson } from '../json-output.js';

/**
 * Cells whose run failed (a plugin that throws, an environment fault, a worker thread that
 * ran out of memory): `failed/<cell id>.json`, written atomically. A failed cell is not run
 * again by other workers (a run that failed fails again with the same settings, and a
 * system's refusal, a full disk, wants a person's look first);
 * `dra sweep work --retry-failed` gives such cells another go, and `dra sweep merge` completes a
 * sweep that has some only with `--allow-failed`.
 */
export const FAILED_FOLDER = 'failed';

const FAILURE_KINDS = ['bad-input', 'environment', 'system', 'internal'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** The class of an error thrown by a cell's run. */
export function failureKind(error: unknown): FailureKind {
  if (error instanceof EnvironmentFaultError) return 'environment';
  if (error instanceof BadInputError) return 'bad-input';
  return systemFailureOf(error) !== null ? 'system' : 'internal';
}

/** The exit code of a sweep that ended with these failures: that of its worst class (a bug before the system, before bad input). */
export function failureExitCode(failures: readonly Pick<FailedCell, 'kind'>[]): number {
  if (failures.some((f) => f.kind === 'internal')) return EXIT_CODES.internal;
  if (failures.some((f) => f.kind === 'system')) return EXIT_CODES.system;
  return EXIT_CODES.badInput;
}

export interface FailedCell {
  id: string;
  index: number;
  parameters: Record<string, unknown>;
  replicate: number;
  /** The error's message (its first line is what `dra sweep status` shows). */
  error: string;
  /** Its class: bad input or an environment's fault (exit code 2), the system refusing (3), a bug (1). */
  kind: FailureKind;
  /** Where it failed. */
  host: string;
  pid: number;
  failedAt: string;
}

export function failedCellPath(dir: string, id: string): string {
  return join(dir, FAILED_FOLDER, `${id}.json`);
}

export function writeFailedCell(dir: string, failure: FailedCell): void {
  if (!existsSync(join(dir, FAILED_FOLDER))) mkdirSync(join(dir, FAILED_FOLDER), { recursive: true });
  writeFileAtomically(failedCellPath(dir, failure.id), `${toJson(failure)}\n`);
}

/**
 * The failures that stand in a sweep directory, in cell order: those of cells without a
 * result (a cell that failed once and then succeeded, run by two workers, is done). Records
 * that cannot be read count as failures of their cell, saying so.
 */
export function readFailedCells(dir: string): FailedCell[] {
  const folder = join(dir, FAILED_FOLDER);
  if (!existsSync(folder)) return [];
  const failures: FailedCell[] = [];
  for (const name of readdirSync(folder).sort()) {
    if (name.startsWith(TEMPORARY_PREFIX) || !name.endsWith('.json')) continue;
    const id = name.slice(0, -'.json'.length);
    if (isCellDone(dir, id)) continue;
    let data: Partial<FailedCell> | null = null;
    let problem = '';
    try {
      data = JSON.parse(readFileSync(join(folder, name), 'utf8')) as Partial<FailedCell>;
    } catch (error) {
      problem = (error as Error).message;
    }
    const valid = data !== null && typeof data === 'object' && typeof data.error === 'string' && FAILURE_KINDS.includes(data.kind as FailureKind);
    failures.push(
      valid
        ? { ...(data as FailedCell), id }
        : { id, index: -1, parameters: {}, replicate: 0, error: `(an unreadable failure record: ${problem || 'not a failure record'})`, kind: 'internal', host: '', pid: 0, failedAt: '' },
    );
  }
  return failures;
}

/** Forgets the failures of the given cells (all when `ids` is omitted), so workers run them again. */
export function clearFailedCells(dir: string, ids?: ReadonlySet<string>): number {
  let cleared = 0;
  for (const failure of readFailedCells(dir)) {
    if (ids !== undefined && !ids.has(failure.id)) continue;
    rmSync(failedCellPath(dir, failure.id), { force: true, recursive: true });
    cleared++;
  }
  return cleared;
}

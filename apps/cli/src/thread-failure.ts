import { BadInputError, EnvironmentFaultError, systemFailureOf } from '@dra/core';

/** An error of a worker thread as plain data: its class survives the trip to the main thread (a thrown one would arrive as a bare Error). */
export interface ThreadFailure {
  failure: { kind: 'bad-input' | 'environment' | 'system' | 'internal'; message: string; stack: string; environment?: string; code?: string; path?: string; syscall?: string };
}

/** Runs `work` in a worker; a failure comes back as data (`ThreadFailure`) for `unwrapThreadResult`. */
export function captureFailure<T>(work: () => T): T | ThreadFailure {
  try {
    return work();
  } catch (error) {
    const e = error as Error;
    const base = { message: e?.message ?? String(error), stack: e?.stack ?? String(error) };
    if (error instanceof EnvironmentFaultError) return { failure: { ...base, kind: 'environment', environment: error.environment } };
    if (error instanceof BadInputError) return { failure: { ...base, kind: 'bad-input' } };
    const system = systemFailureOf(error);
    if (system !== null) return { failure: { ...base, kind: 'system', code: system.code, ...(system.syscall === null ? {} : { syscall: system.syscall }), ...(system.path === null ? {} : { path: system.path }) } };
    return { failure: { ...base, kind: 'internal' } };
  }
}

/** The worker's result, or its failure thrown again in the main thread with its class. */
export function unwrapThreadResult<T>(result: T | ThreadFailure): T {
  if (result === null || typeof result !== 'object' || !('failure' in result)) return result as T;
  const f = (result as ThreadFailure).failure;
  if (f.kind === 'environment') throw new EnvironmentFaultError(f.message, f.environment ?? '');
  if (f.kind === 'bad-input') throw new BadInputError(f.message);
  const error = new Error(f.message) as NodeJS.ErrnoException;
  error.stack = f.stack;
  if (f.kind === 'system') Object.assign(error, { code: f.code, syscall: f.syscall, path: f.path });
  throw error;
}

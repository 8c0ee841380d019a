/** What a command adds to an error's message on its way out (e.g. how to resume), read by the CLI's error printer. */
const HINT = Symbol('dra hint');

/** Attaches advice to an error (a system failure of a run: how to resume it) and returns it. */
export function withHint<E>(error: E, hint: string): E {
  if (error !== null && typeof error === 'object') (error as Record<symbol, unknown>)[HINT] = hint;
  return error;
}

/** The advice attached by `withHint`, or null. */
export function hintOf(error: unknown): string | null {
  const hint = error !== null && typeof error === 'object' ? (error as Record<symbol, unknown>)[HINT] : undefined;
  return typeof hint === 'string' ? hint : null;
}

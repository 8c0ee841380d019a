/**
 * The toolkit's failures by class, so a front end can tell them apart without reading
 * messages: bad input, an environment breaking its contract, the system refusing, and
 * anything else (a bug). The `dra` command maps them to `EXIT_CODES`.
 */

/**
 * Bad input: a value, setting or file the caller gave. The message names the field (flag,
 * setting or file) and the value. A `RangeError`, so callers that catch those still do.
 */
export class BadInputError extends RangeError {
  override readonly name: string = 'BadInputError';
}

/**
 * Bad input in a file an environment option names (a model file, a map): the message names the
 * file and, inside it, the state, action or line and the rule. Settings checks pass it on as it
 * is rather than folding it into a problem with the option's value.
 */
export class EnvironmentFileError extends BadInputError {
  override readonly name: string = 'EnvironmentFileError';
}

/** An environment (a plugin, a model) broke its contract while running: the message names it, the rule, the state and the step. */
export class EnvironmentFaultError extends Error {
  override readonly name = 'EnvironmentFaultError';
  constructor(
    message: string,
    /** The environment's id. */
    readonly environment: string,
  ) {
    super(message);
  }
}

/** Error codes of the operating system that mean "the system refused", not "the program is wrong". */
export const SYSTEM_ERROR_CODES: Readonly<Record<string, string>> = Object.freeze({
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many levels of symbolic links',
  EBUSY: 'resource busy',
  EMFILE: 'too many open files in this process',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory',
  ENAMETOOLONG: 'file name too long',
  ENOENT: 'no such file or directory',
  EXDEV: 'cannot move across file systems',
});

/** A system call's failure (Node's `code`, `path`, `syscall`) with the reason in words, or null for anything else. */
export function systemFailureOf(error: unknown): { code: string; path: string | null; syscall: string | null; reason: string } | null {
  if (error === null || typeof error !== 'object') return null;
  const { code, path, syscall } = error as { code?: unknown; path?: unknown; syscall?: unknown };
  if (typeof code !== 'string' || !(code in SYSTEM_ERROR_CODES) || typeof syscall !== 'string') return null;
  return { code, path: typeof path === 'string' ? path : null, syscall, reason: SYSTEM_ERROR_CODES[code]! };
}

/** Exit codes of the `dra` command, by failure class. */
export const EXIT_CODES = Object.freeze({
  /** Done. */
  done: 0,
  /** A bug in the toolkit: the stack is printed; please report it. */
  internal: 1,
  /** Bad input or an environment fault: one message naming what was wrong; nothing written. */
  badInput: 2,
  /** The system refused (disk full, read-only, permissions, links, file limits): one line naming the path and the reason; earlier work and checkpoints intact. */
  system: 3,
});

import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Prefix of the temporary files `writeFileAtomically` leaves behind only when killed mid-write. */
export const TEMPORARY_PREFIX = '.partial-';

/** Writes `text` (or bytes) to a new file and flushes it to disk; fails if the file exists. A failed write names its file (`error.path`). */
export function writeFileDurably(path: string, text: string | Uint8Array): void {
  const fd = openSync(path, 'wx');
  try {
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } catch (error) {
    // Writes through a descriptor carry no path; the message should name the file.
    if (error !== null && typeof error === 'object' && (error as NodeJS.ErrnoException).path === undefined) (error as NodeJS.ErrnoException).path = path;
    throw error;
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a file atomically: the text goes to a temporary file in the same directory, is
 * flushed, and the temporary file is renamed over `path`. Readers (and a resumed run after
 * `kill -9`) see the old file or the whole new one, never a part.
 */
export function writeFileAtomically(path: string, text: string | Uint8Array): void {
  const temporary = join(dirname(path), `${TEMPORARY_PREFIX}${basename(path)}-${process.pid}-${Date.now()}`);
  try {
    writeFileDurably(temporary, text);
    renameSync(temporary, path);
    syncDirectory(dirname(path));
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Flushes a directory's entries (a rename into it) to disk, where the platform allows it. */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms and file systems cannot fsync a directory; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

// Builds the C reference (tooling/maze-reference-c) into a temporary folder, with the flags of
// its Makefile, for `pnpm bench` and `pnpm verify:anchor`.
//
// The compiler is $CC, or `cc`. DRA_ANCHOR_DIR, when set, names another directory to build
// instead: it must hold exactly one .c file, a program with the same command line and JSON
// output as tooling/maze-reference-c/maze_reference.c (see its README).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** How the tooling names the program in its messages. */
export const C_REFERENCE = 'the C reference (tooling/maze-reference-c)';

const FLAGS = ['-std=c11', '-O2', '-Wall', '-Wextra', '-pedantic'];

/** The C file to build: the only .c file of DRA_ANCHOR_DIR, or the C reference. */
function sourceFile() {
  const override = process.env.DRA_ANCHOR_DIR;
  if (override === undefined || override === '') return { path: join(repoRoot, 'tooling/maze-reference-c/maze_reference.c') };
  const dir = resolve(repoRoot, override);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.c')) : [];
  if (files.length !== 1) return { reason: `DRA_ANCHOR_DIR=${override} must name a directory holding exactly one .c file (found ${files.length})` };
  return { path: join(dir, files[0]) };
}

/**
 * Builds the C reference and returns `{ binary, source }`: the path of the program and the C
 * file it came from, relative to the repository. When it cannot be built, `{ binary: null,
 * reason }` with a sentence for the user (no C compiler, a failed compilation, a wrong
 * DRA_ANCHOR_DIR). The binary is removed when the process exits.
 */
export function buildCReference() {
  const source = sourceFile();
  if (source.path === undefined) return { binary: null, reason: source.reason };
  const [cc, ...ccArgs] = (process.env.CC ?? 'cc').trim().split(/\s+/);
  const probe = spawnSync(cc, [...ccArgs, '--version'], { stdio: 'ignore' });
  if (probe.error !== undefined) {
    return { binary: null, reason: `no C compiler (${cc}) found: install one (Debian: apt-get install gcc) or set CC` };
  }
  const dir = mkdtempSync(join(tmpdir(), 'dra-c-reference-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const binary = join(dir, 'maze_reference');
  try {
    execFileSync(cc, [...ccArgs, ...FLAGS, '-o', binary, source.path, '-lm'], { stdio: ['ignore', 'inherit', 'inherit'] });
  } catch {
    return { binary: null, reason: `${cc} could not compile ${relative(repoRoot, source.path)} (its messages are above)` };
  }
  return { binary, source: relative(repoRoot, source.path) };
}

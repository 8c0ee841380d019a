// Builds the C anchor (../shared/anchors/dra-grid-c) into a temporary folder, with the
// flags of its Makefile, and returns the binary's path (or null when it is not there).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function buildAnchor() {
  const source = resolve(repoRoot, process.env.DRA_ANCHOR_DIR ?? '../shared/anchors/dra-grid-c', 'dra_grid.c');
  if (!existsSync(source)) return null;
  const binary = join(mkdtempSync(join(tmpdir(), 'dra-anchor-')), 'dra_grid');
  execFileSync(process.env.CC ?? 'cc', ['-std=c11', '-O2', '-Wall', '-Wextra', '-pedantic', '-o', binary, source, '-lm'], { stdio: 'inherit' });
  return binary;
}

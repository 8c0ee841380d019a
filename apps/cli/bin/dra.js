#!/usr/bin/env node
// The `dra` command: the built CLI (dist/dra.js, from `pnpm build`). A file of its own so that the
// command is linked at install time, before the first build.
import { existsSync } from 'node:fs';

if (!existsSync(new URL('../dist/dra.js', import.meta.url))) {
  process.stderr.write('dra: the CLI is not built yet: run `pnpm build` in the repository first\n');
  process.exit(2);
}
await import('../dist/dra.js');

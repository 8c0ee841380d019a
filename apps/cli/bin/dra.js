#!/usr/bin/env node
// The `dra` command: runs the built CLI, dist/dra.js. A file of its own so that in the repository
// the command is linked at install time, before the first build. The published package ships
// dist/, so there the build is always present.
import { existsSync } from 'node:fs';

if (!existsSync(new URL('../dist/dra.js', import.meta.url))) {
  const checkout = existsSync(new URL('../src/dra.ts', import.meta.url));
  process.stderr.write(
    checkout
      ? 'dra: the CLI is not built yet: run `pnpm build` in the repository first\n'
      : 'dra: this installation of @dra/cli has no dist/dra.js: reinstall the package\n',
  );
  process.exit(2);
}
await import('../dist/dra.js');

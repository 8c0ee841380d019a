import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { dra: 'src/dra.ts', 'cell-worker': 'src/sweep/cell-worker.ts', 'reproduce-worker': 'src/reproduce/reproduce-worker.ts' },
  format: ['esm'],
  target: 'node20',
  sourcemap: true,
  clean: true,
  banner: { js: '#!/usr/bin/env node' },
});

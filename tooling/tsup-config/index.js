// Shared tsup preset for the publishable packages: one ESM entry with type declarations.
// The "@dra/source" condition is switched off for the declaration build, so each package's
// .d.ts refers to its dependencies' published types rather than their sources.
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  target: 'node20',
  dts: { compilerOptions: { customConditions: [] } },
  sourcemap: true,
  clean: true,
});

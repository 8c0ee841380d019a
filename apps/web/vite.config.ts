import { defineConfig } from 'vite';

// The workspace packages are compiled from their TypeScript sources (the "@dra/source"
// export condition), so the viewer runs exactly the code the CLI runs, unchanged.
export default defineConfig({
  base: './',
  resolve: { conditions: ['@dra/source', 'module', 'browser', 'import', 'default'] },
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
  preview: { host: '127.0.0.1' },
});

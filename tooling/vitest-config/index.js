// Shared vitest preset: tests live beside the code (src/**/*.test.ts) and import the
// workspace packages from their TypeScript sources through the "@dra/source" condition,
// so a test never runs against a stale build.
import { defineConfig } from 'vitest/config';

export const draVitestPreset = defineConfig({
  resolve: { conditions: ['@dra/source'] },
  ssr: { resolve: { conditions: ['@dra/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    // Timeouts catch a hung test, not a slow machine: a shared 2-core machine under load may take
    // several times as long as an idle one, and no test may depend on the machine being idle.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});

export default draVitestPreset;

import { defineConfig, mergeConfig } from 'vitest/config';
import preset from '@dra/vitest-config';

// The end-to-end test drives a real Chromium against the built viewer: one at a time.
export default mergeConfig(preset, defineConfig({ test: { testTimeout: 120_000, hookTimeout: 180_000, fileParallelism: false } }));

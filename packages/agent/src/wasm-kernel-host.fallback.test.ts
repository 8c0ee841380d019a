import { SoftThompson } from '@dra/policies';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultSettings } from './run-settings.js';

describe('where WebAssembly is missing', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('train runs every episode in TypeScript, with the same results', async () => {
    const settings = { ...defaultSettings('maze'), episodes: 30, evalEvery: 10, evalRollouts: 10, seed: 11 };
    const withWasm = (await import('./experiment.js')).runExperiment(settings);
    vi.resetModules();
    vi.stubGlobal('WebAssembly', undefined);
    const { runExperiment } = await import('./experiment.js');
    const { TabularEpisodeKernel } = await import('./wasm-kernel-host.js');
    let kernel: unknown;
    const without = runExperiment(settings, {
      onStart: ({ environment, memory }) => (kernel = TabularEpisodeKernel.create(environment, new SoftThompson({ beta: 10 }), memory)),
    });
    expect(kernel).toBeNull();
    expect(without.kernel).toEqual({ episodes: 'typescript', gradient: 'typescript' });
    expect(withWasm.kernel).toEqual({ episodes: 'wasm', gradient: 'wasm' });
    expect(without.curve).toEqual(withWasm.curve);
    expect(without.memory).toEqual(withWasm.memory);
  });
});

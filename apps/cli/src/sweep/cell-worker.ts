import { runExperiment, type RunSettings } from '@dra/agent';
import { workerData } from 'piscina';
import { loadPluginModules } from '../plugin-modules.js';
import { createCliRegistry, useUserPlugins } from '../registry.js';
import { captureFailure, type ThreadFailure } from '../thread-failure.js';
import type { CellOutcome } from './cell-record.js';

// The --plugin modules of the sweep: every worker imports them, and checks them again (milliseconds).
const plugins = (workerData as { plugins?: string[] } | undefined)?.plugins ?? [];
if (plugins.length > 0) useUserPlugins(await loadPluginModules(plugins, createCliRegistry().ids()));
const registry = createCliRegistry();

/** Worker-thread entry (piscina): trains one sweep cell and returns its outcome as plain data. */
export default function runCell(settings: RunSettings): CellOutcome | ThreadFailure {
  return captureFailure(() => {
    const record = runExperiment(settings, { registry });
    return { final: record.final, steps: record.steps, curve: record.curve, memory: record.memory };
  });
}

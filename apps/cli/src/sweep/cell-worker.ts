import { runExperiment, type RunSettings } from '@dra/agent';
import { workerData } from 'piscina';
import { loadPluginModules } from '../plugin-modules.js';
import { builtInIds, createToolkit } from '../toolkit.js';
import { captureFailure, type ThreadFailure } from '../thread-failure.js';
import type { CellOutcome } from './cell-record.js';

// The --plugin modules of the sweep: every worker imports them, and checks them again (milliseconds).
const plugins = (workerData as { plugins?: string[] } | undefined)?.plugins ?? [];
const toolkit = createToolkit(plugins.length > 0 ? await loadPluginModules(plugins, builtInIds()) : undefined, plugins);

/** Worker-thread entry (piscina): trains one sweep cell and returns its outcome as plain data. */
export default function runCell(settings: RunSettings): CellOutcome | ThreadFailure {
  return captureFailure(() => {
    const record = runExperiment(settings, { registry: toolkit.environments, objectives: toolkit.objectives });
    return { final: record.final, steps: record.steps, curve: record.curve, memory: record.memory };
  });
}

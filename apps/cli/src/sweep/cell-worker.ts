import { runExperiment, type RunSettings } from '@dra/agent';
import { createCliRegistry } from '../registry.js';
import type { CellOutcome } from './cell-record.js';

const registry = createCliRegistry();

/** Worker-thread entry (piscina): trains one sweep cell and returns its outcome as plain data. */
export default function runCell(settings: RunSettings): CellOutcome {
  const record = runExperiment(settings, { registry });
  return { final: record.final, steps: record.steps, curve: record.curve, memory: record.memory };
}

import { runExperiment, type RunExperimentOptions, type RunRecord } from './experiment.js';
import type { RunSettings } from './run-settings.js';

/** Every number as the hex of its IEEE-754 bits (NaN, -0 and the last bit all count). */
export function bits(values: ArrayLike<number>): string {
  const words = new BigUint64Array(Float64Array.from(values).buffer);
  return Array.from(words, (w) => w.toString(16)).join(' ');
}

/** A run's curve, last evaluation, memories and step counts, as bits. */
export function recordBits(record: RunRecord): string {
  const curve = [...record.curve, record.last].flatMap((p) => [p.episode, p.objective, p.return, p.memoryCost, p.actionEntropy]);
  const memory = [...record.memory.mean.flat(), ...record.memory.sigma.flat()];
  return [bits(curve), bits(memory), JSON.stringify(record.steps), String(record.last.extraSteps)].join('\n');
}

/** The same settings on the kernel path (where they qualify) and on the TypeScript path. */
export function bothPaths(settings: RunSettings, options: RunExperimentOptions = {}): { wasm: RunRecord; typescript: RunRecord } {
  return { wasm: runExperiment(settings, options), typescript: runExperiment(settings, { ...options, wasm: false }) };
}

import { compareObjectives, compareUnderTimePressure, runExperiment, runTreeSearchJob, type ObjectiveComparison, type RunRecord, type TimePressureBase, type TimePressureComparison, type TreeSearchOptimum } from '@dra/agent';
import { createCliRegistry } from '../registry.js';
import { captureFailure, type ThreadFailure } from '../thread-failure.js';
import type { ReproduceJob } from './reproduce-plan.js';

const registry = createCliRegistry();

/** A job's result as plain data (structured-cloned back to the main thread). */
export type JobResult =
  | { kind: 'run'; id: string; record: RunRecord }
  | { kind: 'time-pressure'; id: string; comparison: TimePressureComparison<TimePressureBase> }
  | { kind: 'tree-search'; id: string; optimum: TreeSearchOptimum }
  | { kind: 'compare'; id: string; comparison: ObjectiveComparison };

/** Worker-thread entry (piscina): runs one reproduce job; a failure comes back as data (`captureFailure`). */
export default function runJob(job: ReproduceJob): JobResult | ThreadFailure {
  return captureFailure(() => runOne(job));
}

function runOne(job: ReproduceJob): JobResult {
  switch (job.kind) {
    case 'run':
      return { kind: 'run', id: job.id, record: runExperiment(job.settings, { registry }) };
    case 'time-pressure':
      return { kind: 'time-pressure', id: job.id, comparison: compareUnderTimePressure(job.base, job.budgets, [job.seed]) };
    case 'tree-search':
      return { kind: 'tree-search', id: job.id, optimum: runTreeSearchJob(job.settings, job.job) };
    case 'compare':
      return { kind: 'compare', id: job.id, comparison: compareObjectives({ ...job.options, registry }) };
  }
}

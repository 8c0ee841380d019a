import { runExperiment, type RunRecord } from '@dra/agent';
import type { EnvironmentRegistry } from '@dra/environments';
import { compareObjectives, type ObjectiveComparison } from '../compare-objectives.js';
import { compareUnderTimePressure, type TimePressureBase } from '../time-pressure/gradient-time-pressure.js';
import type { TimePressureComparison } from '../time-pressure/time-pressure.js';
import { runTreeSearchJob, type TreeSearchOptimum } from '../time-pressure/tree-search-time-pressure.js';
import type { ReproduceJob } from './reproduce-plan.js';

/** A job's result as plain data (it can be structured-cloned back from a worker thread). */
export type JobResult =
  | { kind: 'run'; id: string; record: RunRecord }
  | { kind: 'time-pressure'; id: string; comparison: TimePressureComparison<TimePressureBase> }
  | { kind: 'tree-search'; id: string; optimum: TreeSearchOptimum }
  | { kind: 'compare'; id: string; comparison: ObjectiveComparison };

/** Runs one job of a reproduce plan; the result depends on the job (and the registry's environments) alone. */
export function runReproduceJob(job: ReproduceJob, registry: EnvironmentRegistry): JobResult {
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

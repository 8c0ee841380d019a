import { BadInputError } from '@dra/core';
import type { EnvironmentRegistry } from '@dra/environments';
import { createPaperRegistry } from '../paper-registry.js';
import { runReproduceJob, type JobResult } from './reproduce-job.js';
import { FIGURE_IDS, reproducePlan, type FigureId, type ReproduceJob, type ReproducePlan } from './reproduce-plan.js';
import { assembleReproduceResults, type ReproduceResults } from './reproduce-results.js';

/** How `reproduce` runs: the length, the environments, and who runs the jobs. */
export interface ReproduceOptions {
  /** Shorter mountain-car, planning and objective runs (see `reproducePlan`). */
  quick?: boolean;
  /** The environments; the paper's (maze, huys, mountain car) by default. */
  registry?: EnvironmentRegistry;
  /**
   * Runs the plan's jobs and returns their results by job id (e.g. on worker threads); by
   * default one after another in this thread. Results depend on each job alone, so any runner
   * gives the same results.
   */
  runJobs?: (jobs: readonly ReproduceJob[]) => Promise<ReadonlyMap<string, JobResult>>;
}

/** A reproduction: the plan, every job's result (runs, optima, comparisons) and the summaries with their claim checks. */
export interface Reproduction {
  plan: ReproducePlan;
  jobs: ReadonlyMap<string, JobResult>;
  results: ReproduceResults;
}

/**
 * Runs the experiments behind one of the paper's figures ('fig1', 'fig2', 'fig3') or all of
 * them and checks the published claims: `(await reproduce('fig1', { quick: true })).results.checks`.
 */
export async function reproduce(target: FigureId | 'all', options: ReproduceOptions = {}): Promise<Reproduction> {
  if (target !== 'all' && !FIGURE_IDS.includes(target)) throw new BadInputError(`reproduce: target must be one of ${[...FIGURE_IDS, 'all'].join(', ')}, got ${String(target)}`);
  const registry = options.registry ?? createPaperRegistry();
  const figures: FigureId[] = target === 'all' ? [...FIGURE_IDS] : [target];
  const plan = reproducePlan(figures, Boolean(options.quick), registry);
  const jobs = options.runJobs === undefined ? runJobsInThisThread(plan.jobs, registry) : await options.runJobs(plan.jobs);
  return { plan, jobs, results: assembleReproduceResults(plan, jobs, registry) };
}

/** Runs the jobs one after another in this thread, calling `onDone` after each; their results by job id. */
export function runJobsInThisThread(jobs: readonly ReproduceJob[], registry: EnvironmentRegistry, onDone?: (id: string) => void): Map<string, JobResult> {
  const results = new Map<string, JobResult>();
  for (const job of jobs) {
    results.set(job.id, runReproduceJob(job, registry));
    onDone?.(job.id);
  }
  return results;
}

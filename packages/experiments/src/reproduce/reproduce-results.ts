import { withoutNulls, type RunRecord } from '@dra/agent';
import { GridWorld, type EnvironmentRegistry } from '@dra/environments';
import type { ObjectiveComparison } from '../compare-objectives.js';
import { assembleTreeSearchComparison, type TreeSearchComparison } from '../time-pressure/tree-search-time-pressure.js';
import type { Check } from './claim-rules.js';
import { mazeChecks, mazeSeries, switchSummary, type MazeSummary } from './maze-summary.js';
import { mountainCarSummary, type MountainCarSummary } from './mountain-car-summary.js';
import { planningChecks } from './planning-summary.js';
import type { JobResult } from './reproduce-job.js';
import { mazeRunId, mazeSwitchRunId, MOUNTAIN_CAR_ESTIMATORS, mountainCarRunId, treeSearchReproduceJob, type ReproducePlan } from './reproduce-plan.js';

/** Everything a reproduction found, as written to results.json (deterministic for the plan). */
export interface ReproduceResults {
  quick: boolean;
  figures: ReproducePlan['figures'];
  settings: ReproducePlan['settings'];
  maze?: MazeSummary;
  mountainCar?: MountainCarSummary;
  planning?: TreeSearchComparison;
  objectives?: Pick<ObjectiveComparison, 'env' | 'seeds' | 'rareVisitThreshold' | 'outcomes'>;
  checks: Check[];
}

/** The record of the run job `id` (an error when the job is missing or of another kind). */
export function runResult(results: ReadonlyMap<string, JobResult>, id: string): RunRecord {
  const r = results.get(id);
  if (r?.kind !== 'run') throw new Error(`reproduce: no run result for ${id}`);
  return r.record;
}

/** The objective comparison of fig3. */
export function objectiveComparisonResult(results: ReadonlyMap<string, JobResult>): ObjectiveComparison {
  const compared = results.get('objectives');
  if (compared?.kind !== 'compare') throw new Error('reproduce: no objective comparison');
  return compared.comparison;
}

/** The summaries and claim checks of every figure of the plan, from its jobs' results. */
export function assembleReproduceResults(plan: ReproducePlan, results: ReadonlyMap<string, JobResult>, registry: EnvironmentRegistry): ReproduceResults {
  const run = (id: string): RunRecord => runResult(results, id);
  const out: ReproduceResults = { quick: plan.quick, figures: plan.figures, settings: plan.settings, checks: [] };
  if (plan.figures.includes('fig1')) {
    const m = plan.settings.maze;
    const series = m.sigma0.map((sigma0) => mazeSeries(sigma0, m.seeds.map((seed) => run(mazeRunId(sigma0, seed)))));
    const pairs = m.switchSeeds.map((seed) => ({ seed, before: run(mazeSwitchRunId('before', seed)), after: run(mazeSwitchRunId('after', seed)) }));
    const environment = registry.create('maze', withoutNulls(pairs[0]!.after.settings.envOptions));
    const switched = environment instanceof GridWorld ? switchSummary(environment, m.switchAt, pairs) : null;
    out.maze = { series, switch: switched, checks: mazeChecks(series, switched) };
    out.checks.push(...out.maze.checks);
  }
  if (plan.figures.includes('fig2')) {
    const c = plan.settings.mountainCar;
    out.mountainCar = mountainCarSummary(new Map(MOUNTAIN_CAR_ESTIMATORS.map((e) => [e, c.seeds.map((seed) => run(mountainCarRunId(e, seed)))] as const)));
  }
  if (plan.figures.includes('fig3')) {
    const p = plan.settings.planning;
    out.planning = assembleTreeSearchComparison(p.allocator, p.budgets, p.seeds, (job) => {
      const id = treeSearchReproduceJob(p.allocator, job).id;
      const r = results.get(id);
      if (r?.kind !== 'tree-search') throw new Error(`reproduce: no tree-search result for ${id}`);
      return r.optimum;
    });
    out.checks.push(...planningChecks(out.planning));
    const { env, seeds, rareVisitThreshold, outcomes } = objectiveComparisonResult(results);
    out.objectives = { env, seeds, rareVisitThreshold, outcomes };
  }
  return out;
}

import { assembleTreeSearchComparison, withoutNulls, type ObjectiveComparison, type RunRecord, type TreeSearchComparison } from '@dra/agent';
import { MemoryTable } from '@dra/core';
import { GridWorld, type EnvironmentRegistry } from '@dra/environments';
import type { Figure } from '../figures/figure.js';
import { choiceEntropyMap, sigmaMap, valueMap } from '../figures/map-figures.js';
import { mapLayoutOf } from '../figures/map-layout.js';
import { convergenceCurves, finalBars, type PlottedRun } from '../figures/run-figures.js';
import { dPrimeByRewardDifference, flexibleMinusEqual, objectiveByBudget, sigmaTable } from '../figures/time-pressure-figures.js';
import { mazeChecks, mazeSeries, switchSummary, type MazeSummary } from './maze-summary.js';
import { mountainCarSummary, type MountainCarSummary } from './mountain-car-summary.js';
import { planningChecks } from './planning-summary.js';
import { mazeRunId, mazeSwitchRunId, MOUNTAIN_CAR_ESTIMATORS, mountainCarRunId, treeSearchReproduceJob, type ReproducePlan } from './reproduce-plan.js';
import type { JobResult } from './reproduce-worker.js';
import type { Check } from './statistics.js';

/** Everything `dra reproduce` found, as written to results.json (deterministic for the plan). */
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

/** Results, figures and the raw outputs worth keeping, from the jobs' results. */
export function assembleResults(plan: ReproducePlan, results: ReadonlyMap<string, JobResult>, registry: EnvironmentRegistry): { results: ReproduceResults; figures: Figure[] } {
  const run = (id: string): RunRecord => {
    const r = results.get(id);
    if (r?.kind !== 'run') throw new Error(`reproduce: no run result for ${id}`);
    return r.record;
  };
  const out: ReproduceResults = { quick: plan.quick, figures: plan.figures, settings: plan.settings, checks: [] };
  const figures: Figure[] = [];
  const plotted = (series: string, r: RunRecord): PlottedRun => ({ series, seed: r.settings.seed, curve: r.curve, final: r.final });

  if (plan.figures.includes('fig1')) {
    const m = plan.settings.maze;
    const bySigma = m.sigma0.map((sigma0) => ({ sigma0, runs: m.seeds.map((seed) => run(mazeRunId(sigma0, seed))) }));
    const series = bySigma.map(({ sigma0, runs }) => mazeSeries(sigma0, runs));
    const pairs = m.switchSeeds.map((seed) => ({ seed, before: run(mazeSwitchRunId('before', seed)), after: run(mazeSwitchRunId('after', seed)) }));
    const { before, after } = pairs[0]!;
    const environment = registry.create('maze', withoutNulls(after.settings.envOptions));
    const switched = environment instanceof GridWorld ? switchSummary(environment, m.switchAt, pairs) : null;
    out.maze = { series, switch: switched, checks: mazeChecks(series, switched) };
    out.checks.push(...out.maze.checks);
    const curves = bySigma.flatMap(({ sigma0, runs }) => runs.map((r) => plotted(`sigma0=${sigma0}`, r)));
    figures.push(convergenceCurves('fig1-convergence', `Maze: DRA for sigma0 in {${m.sigma0.join(', ')}}, ${m.seeds.length} seeds`, curves, { objective: [-40, -10] }));
    figures.push(finalBars('fig1-final', 'Maze: final values by sigma0', curves));
    for (const [record, label, episode] of [[before, 'before', m.switchAt - 1], [after, 'after', m.episodes - 1]] as const) {
      const layout = mapLayoutOf(registry.create('maze', withoutNulls(record.settings.envOptions)), episode)!;
      const memory = MemoryTable.fromRows(record.memory);
      const title = `Maze, ${label} the switch at episode ${m.switchAt} (seed ${pairs[0]!.seed}, episode ${record.settings.episodes})`;
      figures.push(choiceEntropyMap(`fig1-choice-entropy-${label}-switch`, title, layout, memory));
      figures.push(sigmaMap(`fig1-sigma-${label}-switch`, title, layout, memory));
    }
  }

  if (plan.figures.includes('fig2')) {
    const c = plan.settings.mountainCar;
    const byEstimator = new Map(MOUNTAIN_CAR_ESTIMATORS.map((e) => [e, c.seeds.map((seed) => run(mountainCarRunId(e, seed)))] as const));
    out.mountainCar = mountainCarSummary(byEstimator);
    const curves = [...byEstimator].flatMap(([e, runs]) => runs.map((r) => plotted(`estimator ${e}`, r)));
    figures.push(convergenceCurves('fig2-convergence', `Mountain car: estimators ${MOUNTAIN_CAR_ESTIMATORS.join(', ')}, ${c.seeds.length} seeds`, curves));
    figures.push(finalBars('fig2-estimators', 'Mountain car: final values by gradient estimator', curves));
    const shown = byEstimator.get('A')![0]!;
    const layout = mapLayoutOf(registry.create('mountain-car', withoutNulls(shown.settings.envOptions)), c.episodes - 1)!;
    const memory = MemoryTable.fromRows(shown.memory);
    const title = `Mountain car, estimator A, seed ${shown.settings.seed}, episode ${c.episodes}`;
    figures.push(valueMap('fig2-value', title, layout, memory));
    figures.push(choiceEntropyMap('fig2-choice-entropy', title, layout, memory));
  }

  if (plan.figures.includes('fig3')) {
    const p = plan.settings.planning;
    const planning = assembleTreeSearchComparison(p.allocator, p.budgets, p.seeds, (job) => {
      const id = treeSearchReproduceJob(p.allocator, job).id;
      const r = results.get(id);
      if (r?.kind !== 'tree-search') throw new Error(`reproduce: no tree-search result for ${id}`);
      return r.optimum;
    });
    out.planning = planning;
    out.checks.push(...planningChecks(planning));
    figures.push(flexibleMinusEqual('fig3-flexible-minus-equal', planning));
    figures.push(objectiveByBudget('fig3-objective', planning));
    figures.push(sigmaTable('fig3-sigma-table', planning));
    figures.push(dPrimeByRewardDifference('fig3-dprime', planning));
    const compared = results.get('objectives');
    if (compared?.kind !== 'compare') throw new Error('reproduce: no objective comparison');
    const { env, seeds, rareVisitThreshold, outcomes } = compared.comparison;
    out.objectives = { env, seeds, rareVisitThreshold, outcomes };
    figures.push(finalBars('objectives-final', `Planning task: DRA, Eq. 8 and Eq. 10 (critic estimator), ${seeds.length} seeds`, compared.comparison.runs.map((r) => plotted(r.settings.objective, r))));
    figures.push(convergenceCurves('objectives-convergence', 'Planning task: DRA, Eq. 8 and Eq. 10', compared.comparison.runs.map((r) => plotted(r.settings.objective, r))));
  }
  return { results: out, figures };
}

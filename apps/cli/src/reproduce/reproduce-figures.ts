import { withoutNulls, type RunRecord } from '@dra/agent';
import { MemoryTable } from '@dra/core';
import type { EnvironmentRegistry } from '@dra/environments';
import { MOUNTAIN_CAR_ESTIMATORS, mazeRunId, mazeSwitchRunId, mountainCarRunId, objectiveComparisonResult, runResult, type JobResult, type ReproducePlan, type ReproduceResults } from '@dra/experiments';
import type { Figure } from '../figures/figure.js';
import { objectiveName } from '../figures/figure-style.js';
import { hardThompsonEntropyMap, sigmaMap, valueMap } from '../figures/map-figures.js';
import { convergenceCurves, finalBars, type PlottedRun } from '../figures/run-figures.js';
import { dPrimeByRewardDifference, flexibleMinusEqual, objectiveByBudget, sigmaTable } from '../figures/time-pressure-figures.js';

const plotted = (series: string, r: RunRecord): PlottedRun => ({ series, seed: r.settings.seed, curve: r.curve, final: r.final });

/** The figures of a reproduction, from its plan, its jobs' results and its summaries. */
export function reproduceFigures(plan: ReproducePlan, jobs: ReadonlyMap<string, JobResult>, results: ReproduceResults, registry: EnvironmentRegistry): Figure[] {
  const figures: Figure[] = [];
  if (plan.figures.includes('fig1')) figures.push(...mazeFigures(plan, jobs, registry));
  if (plan.figures.includes('fig2')) figures.push(...mountainCarFigures(plan, jobs, registry));
  if (plan.figures.includes('fig3')) {
    const planning = results.planning!;
    figures.push(flexibleMinusEqual('fig3-flexible-minus-equal', planning));
    figures.push(objectiveByBudget('fig3-objective', planning));
    figures.push(sigmaTable('fig3-sigma-table', planning));
    figures.push(dPrimeByRewardDifference('fig3-dprime', planning));
    const compared = objectiveComparisonResult(jobs);
    const runs = compared.runs.map((r) => plotted(objectiveName(r.settings.objective), r));
    figures.push(finalBars('objectives-final', `Planning task: DRA, Eq. 8 and Eq. 10 (critic estimator), ${compared.seeds.length} seeds`, runs));
    figures.push(convergenceCurves('objectives-convergence', 'Planning task: DRA, Eq. 8 and Eq. 10', runs));
  }
  return figures;
}

function mazeFigures(plan: ReproducePlan, jobs: ReadonlyMap<string, JobResult>, registry: EnvironmentRegistry): Figure[] {
  const m = plan.settings.maze;
  const curves = m.sigma0.flatMap((sigma0) => m.seeds.map((seed) => plotted(`sigma0=${sigma0}`, runResult(jobs, mazeRunId(sigma0, seed)))));
  const figures = [
    convergenceCurves('fig1-convergence', `Maze: DRA for sigma0 in {${m.sigma0.join(', ')}}, ${m.seeds.length} seeds`, curves),
    finalBars('fig1-final', 'Maze: final values by sigma0', curves),
  ];
  const seed = m.switchSeeds[0]!;
  for (const [label, episode] of [['before', m.switchAt - 1], ['after', m.episodes - 1]] as const) {
    const record = runResult(jobs, mazeSwitchRunId(label, seed));
    const layout = registry.create('maze', withoutNulls(record.settings.envOptions)).mapLayout!(episode)!;
    const memory = MemoryTable.fromRows(record.memory);
    const title = `Maze, ${label} the switch at episode ${m.switchAt} (seed ${seed}, episode ${record.settings.episodes})`;
    figures.push(hardThompsonEntropyMap(`fig1-choice-entropy-${label}-switch`, title, layout, memory));
    figures.push(sigmaMap(`fig1-sigma-${label}-switch`, title, layout, memory));
  }
  return figures;
}

function mountainCarFigures(plan: ReproducePlan, jobs: ReadonlyMap<string, JobResult>, registry: EnvironmentRegistry): Figure[] {
  const c = plan.settings.mountainCar;
  const curves = MOUNTAIN_CAR_ESTIMATORS.flatMap((e) => c.seeds.map((seed) => plotted(`estimator ${e}`, runResult(jobs, mountainCarRunId(e, seed)))));
  const shown = runResult(jobs, mountainCarRunId('A', c.seeds[0]!));
  const layout = registry.create('mountain-car', withoutNulls(shown.settings.envOptions)).mapLayout!(c.episodes - 1)!;
  const memory = MemoryTable.fromRows(shown.memory);
  const title = `Mountain car, estimator A, seed ${shown.settings.seed}, episode ${c.episodes}`;
  return [
    convergenceCurves('fig2-convergence', `Mountain car: estimators ${MOUNTAIN_CAR_ESTIMATORS.join(', ')}, ${c.seeds.length} seeds`, curves),
    finalBars('fig2-estimators', 'Mountain car: final values by gradient estimator', curves),
    valueMap('fig2-value', title, layout, memory),
    hardThompsonEntropyMap('fig2-choice-entropy', title, layout, memory),
  ];
}

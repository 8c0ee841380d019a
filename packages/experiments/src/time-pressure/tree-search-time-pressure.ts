import { BadInputError, MemoryTable, Rng } from '@dra/core';
import { createHuysTask } from '@dra/environments';
import { cmaEsMinimise, type CmaEsStop } from '../optimisers/cma-es.js';
import { minimiseOnInterval } from '../optimisers/interval-search.js';
import { standardErrorOfSums } from '../sample-statistics.js';
import { assertTreeSearchSettings } from '../setting-checks.js';
import { learnedChoices, summariseRow, type AllocationOutcome, type TimePressureComparison, type TimePressureRun } from './time-pressure.js';
import { TreeSearchAllocator, type AllocationScheme, type PlanningTrials } from './tree-search-allocator.js';

/** Settings of the gradient-free allocator's comparison (docs/tasks.md 2; `TREE_SEARCH_DEFAULTS`). */
export interface TreeSearchSettings {
  depth: number;
  lambda: number;
  sigmaBase: number;
  knownSigma: number;
  /** Box of every sigma. */
  sigmaMin: number;
  sigmaMax: number;
  /** Trials behind every evaluation of one optimisation (the same trials each time: common random numbers). */
  trialsPerEvaluation: number;
  /** Flexible precision: CMA-ES restarts (the best kept), evaluations per restart, start mean + spread * N(0, 1) per coordinate, initial step. */
  restarts: number;
  evaluations: number;
  initialMean: number;
  initialSpread: number;
  initialStep: number;
  /**
   * CMA-ES stops a restart early when its best values over the last 10 + ceil(30 n / lambda)
   * generations span less than this. The paper's 1 stops noise-free (common-trial) searches
   * after about 1500-2000 evaluations; 0.1 gains about 0.2 objective points for 1.5 times the
   * time, 0.01 another 0.05 for 3 times (measured at budgets 3, 12 and 24).
   */
  tolFun: number;
  /** Equal precision: grid points of the deterministic 1-D search before its golden-section refinement. */
  equalGridPoints: number;
  /** Fresh trials (never seen by either optimisation) that score both optima, paired. */
  freshTrials: number;
}

/** The paper's gradient-free allocator settings (docs/tasks.md 2): lambda 1, base 100, sigma in [1, 100], 1000 trials per evaluation, 10 CMA-ES restarts of at most 1e4 evaluations from 50 + 15 N(0, 1) with step 30. */
export const TREE_SEARCH_DEFAULTS: Readonly<TreeSearchSettings> = Object.freeze({
  depth: 3,
  lambda: 1,
  sigmaBase: 100,
  knownSigma: 1,
  sigmaMin: 1,
  sigmaMax: 100,
  trialsPerEvaluation: 1000,
  restarts: 10,
  evaluations: 10_000,
  initialMean: 50,
  initialSpread: 15,
  initialStep: 30,
  tolFun: 0.1,
  equalGridPoints: 100,
  freshTrials: 100_000,
});

/** One independent piece of a comparison: a CMA-ES restart of the flexible allocation, or the equal allocation's 1-D search. */
export type TreeSearchJob = { allocation: 'flexible'; budget: number; seed: number; restart: number } | { allocation: 'equal'; budget: number; seed: number };

/** An optimum found on the optimisation's own trials. */
export interface TreeSearchOptimum {
  /** Sigma per parameter (24 for flexible at depth 3, 1 for equal). */
  parameters: number[];
  /** Objective on the common trials the search used (biased upwards by the search: fresh trials score it). */
  trainingObjective: number;
  evaluations: number;
  stop: CmaEsStop | 'grid';
}

const allocators = new Map<string, TreeSearchAllocator>();
function allocatorFor(settings: TreeSearchSettings, budget: number): TreeSearchAllocator {
  const key = `${settings.depth}/${budget}/${settings.lambda}/${settings.sigmaBase}/${settings.knownSigma}`;
  let allocator = allocators.get(key);
  if (allocator === undefined) {
    allocator = new TreeSearchAllocator(createHuysTask({ depth: settings.depth }), { depth: settings.depth, budget, lambda: settings.lambda, sigmaBase: settings.sigmaBase, knownSigma: settings.knownSigma });
    allocators.set(key, allocator);
  }
  return allocator;
}

/** The common trials of one seed: every optimisation of that seed, at every budget and restart, scores candidates on them. */
function commonTrials(allocator: TreeSearchAllocator, settings: TreeSearchSettings, seed: number): PlanningTrials {
  return allocator.drawTrials(settings.trialsPerEvaluation, Rng.create(seed).stream('common-trials'));
}

/** Every job of a comparison, in the order their results are combined. */
export function treeSearchJobs(settings: TreeSearchSettings, budgets: readonly number[], seeds: readonly number[]): TreeSearchJob[] {
  const jobs: TreeSearchJob[] = [];
  for (const seed of seeds) {
    for (const budget of budgets) {
      jobs.push({ allocation: 'equal', budget, seed });
      for (let restart = 0; restart < settings.restarts; restart++) jobs.push({ allocation: 'flexible', budget, seed, restart });
    }
  }
  return jobs;
}

/** Runs one job; the result depends on the settings and the job alone (any thread, any order). */
export function runTreeSearchJob(settings: TreeSearchSettings, job: TreeSearchJob): TreeSearchOptimum {
  checkTreeSearchSettings(settings);
  const allocator = allocatorFor(settings, job.budget);
  const trials = commonTrials(allocator, settings, job.seed);
  const scratch = new Float64Array(allocator.memories);
  if (job.allocation === 'equal') {
    const shared = [0];
    const found = minimiseOnInterval(
      (sigma) => {
        shared[0] = sigma;
        return -allocator.objective(shared, 'equal', trials, scratch);
      },
      settings.sigmaMin,
      settings.sigmaMax,
      settings.equalGridPoints,
    );
    return { parameters: [found.x], trainingObjective: -found.value, evaluations: found.evaluations, stop: 'grid' };
  }
  const rng = Rng.create(job.seed).stream(`cma-es/budget-${job.budget}/restart-${job.restart}`);
  const n = allocator.parameterCount('flexible');
  const x0 = new Array<number>(n);
  for (let i = 0; i < n; i++) x0[i] = Math.min(settings.sigmaMax, Math.max(settings.sigmaMin, settings.initialMean + settings.initialSpread * rng.normal()));
  const found = cmaEsMinimise((x) => -allocator.objective(x, 'flexible', trials, scratch), x0, {
    lower: settings.sigmaMin,
    upper: settings.sigmaMax,
    initialStep: settings.initialStep,
    maxEvaluations: settings.evaluations,
    tolFun: settings.tolFun,
    rng,
  });
  return { parameters: Array.from(found.best), trainingObjective: -found.bestValue, evaluations: found.evaluations, stop: found.stop };
}

/** The settings a tree-search comparison records. */
export type TreeSearchComparison = TimePressureComparison<TreeSearchSettings>;

/**
 * Combines the jobs' optima into the comparison: per seed and budget the best flexible candidate
 * by its objective on the common trials (the CMA-ES restarts and the equal optimum, which is a
 * flexible allocation with every sigma the same) and the equal optimum, both scored on the same `freshTrials`
 * fresh trials (paired), with their d' per learned choice. `optimum(job)` returns each job's result.
 */
export function assembleTreeSearchComparison(
  settings: TreeSearchSettings,
  budgets: readonly number[],
  seeds: readonly number[],
  optimum: (job: TreeSearchJob) => TreeSearchOptimum,
): TreeSearchComparison {
  checkTreeSearchSettings(settings);
  if (budgets.length === 0) throw new BadInputError('budgets must list at least one budget');
  if (seeds.length === 0) throw new BadInputError('seeds must list at least one seed');
  const environment = createHuysTask({ depth: settings.depth });
  const model = environment.model;
  let memories: number[] = [];
  const rows = budgets.map((budget) => {
    const allocator = allocatorFor(settings, budget);
    memories = Array.from(allocator.learned);
    const runs: TimePressureRun[] = [];
    const choices: TreeSearchComparison['rows'][number]['choices'] = [];
    for (const seed of seeds) {
      // Equal precision is one flexible allocation, so the equal optimum is a flexible candidate too.
      const equal = optimum({ allocation: 'equal', budget, seed });
      let flexible: TreeSearchOptimum = { ...equal, parameters: new Array<number>(allocator.parameterCount('flexible')).fill(equal.parameters[0]!) };
      let flexibleFrom: number | 'equal' = 'equal';
      for (let restart = 0; restart < settings.restarts; restart++) {
        const found = optimum({ allocation: 'flexible', budget, seed, restart });
        if (found.trainingObjective > flexible.trainingObjective) {
          flexible = found;
          flexibleFrom = restart;
        }
      }
      const sigmas = { flexible: allocator.sigmaOf(flexible.parameters, 'flexible'), equal: allocator.sigmaOf(equal.parameters, 'equal') };
      const scored = scoreOnFreshTrials(allocator, [sigmas.flexible, sigmas.equal], settings.freshTrials, Rng.create(seed).stream(`fresh-trials/budget-${budget}`));
      const outcome = (allocation: AllocationScheme, i: number, found: TreeSearchOptimum): AllocationOutcome => {
        const sigma = sigmas[allocation];
        const memoryCost = allocator.memoryCost(sigma);
        return {
          objective: scored.mean[i]! - memoryCost,
          objectiveStandardError: scored.standardError[i]!,
          return: scored.mean[i]!,
          memoryCost,
          sigma: memories.map((m) => sigma[m]!),
          searchObjective: found.trainingObjective,
        };
      };
      const f = outcome('flexible', 0, flexible);
      const e = outcome('equal', 1, equal);
      runs.push({ seed, flexible: f, equal: e, difference: f.objective - e.objective, differenceStandardError: scored.differenceStandardError, flexibleFrom });
      for (const allocation of ['flexible', 'equal'] as const) {
        const memory = new MemoryTable(environment.actionCounts);
        memory.mean.set(allocator.q);
        memory.sigma.set(sigmas[allocation]);
        for (let m = 0; m < memory.size; m++) memory.known[m] = 1;
        for (const m of allocator.learned) memory.known[m] = 0;
        choices.push(...learnedChoices(model!, memory, allocation, seed));
      }
    }
    return summariseRow(settings.depth, budget, runs, choices);
  });
  return { model: 'tree-search', settings: { ...settings, seeds: [...seeds], budgets: [...budgets] }, memories, rows };
}

/**
 * Flexible against equal precision under the gradient-free allocator at every budget, on one
 * thread (`treeSearchJobs` + `runTreeSearchJob` spread the same work over threads; the bytes
 * are the same). Calls `onJob` after each job.
 */
export function compareTreeSearchAllocation(
  settings: TreeSearchSettings,
  budgets: readonly number[],
  seeds: readonly number[],
  onJob?: (done: number, total: number) => void,
): TreeSearchComparison {
  const jobs = treeSearchJobs(settings, budgets, seeds);
  const results = new Map<string, TreeSearchOptimum>();
  jobs.forEach((job, i) => {
    results.set(treeSearchJobKey(job), runTreeSearchJob(settings, job));
    onJob?.(i + 1, jobs.length);
  });
  return assembleTreeSearchComparison(settings, budgets, seeds, (job) => results.get(treeSearchJobKey(job))!);
}

/** A job's name, unique within a comparison. */
export function treeSearchJobKey(job: TreeSearchJob): string {
  return job.allocation === 'flexible' ? `flexible/${job.seed}/${job.budget}/${job.restart}` : `equal/${job.seed}/${job.budget}`;
}

/**
 * Mean return of each sigma vector over `count` fresh trials (the same trials for all, drawn
 * in chunks), its standard error, and the standard error of the paired difference of the
 * first two.
 */
function scoreOnFreshTrials(allocator: TreeSearchAllocator, sigmas: Float64Array[], count: number, rng: Rng) {
  const k = sigmas.length;
  const sum = new Float64Array(k);
  const squares = new Float64Array(k);
  let differenceSum = 0;
  let differenceSquares = 0;
  const returns = new Float64Array(k);
  for (let done = 0; done < count; ) {
    const chunk = Math.min(10_000, count - done);
    const trials = allocator.drawTrials(chunk, rng);
    for (let t = 0; t < chunk; t++) {
      for (let i = 0; i < k; i++) {
        const r = allocator.trialReturn(sigmas[i]!, trials, t);
        returns[i] = r;
        sum[i]! += r;
        squares[i]! += r * r;
      }
      const d = returns[0]! - returns[1]!;
      differenceSum += d;
      differenceSquares += d * d;
    }
    done += chunk;
  }
  return {
    mean: Array.from(sum, (s) => s / count),
    standardError: Array.from(sum, (s, i) => standardErrorOfSums(s, squares[i]!, count)),
    differenceStandardError: standardErrorOfSums(differenceSum, differenceSquares, count),
  };
}

/** Throws a bad-input error naming the first setting out of its range (the checks: `TREE_SEARCH_CHECKS`). */
function checkTreeSearchSettings(s: TreeSearchSettings): void {
  assertTreeSearchSettings(s);
}

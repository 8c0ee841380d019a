import { BadInputError } from '@dra/core';
import { POSTER_FLEXIBLE_MINUS_EQUAL } from '../published-values.js';
import { choiceImportance, pearson, slope } from '../choice-importance.js';
import { sampleMean as mean, standardError } from '../sample-statistics.js';
import type { AllocationScheme } from './tree-search-allocator.js';
import type { MemoryTable, TabularModel } from '@dra/core';

/** The two models of planning under time pressure (docs/tasks.md 2). */
export const TIME_PRESSURE_MODELS = ['tree-search', 'gradient'] as const;
/** 'tree-search': the gradient-free allocator behind the paper's figure; 'gradient': the gradient learner. */
export type TimePressureModel = (typeof TIME_PRESSURE_MODELS)[number];

/** The budgets depth, 2 depth, ..., up to every path of the tree (depth * 2^depth expansions). */
export function fullBudgets(depth: number): number[] {
  const out: number[] = [];
  for (let b = depth; b <= depth * 2 ** depth; b += depth) out.push(b);
  return out;
}

/** What one allocation of one seed achieved at one budget. */
export interface AllocationOutcome {
  /** Mean return of the evaluation trials minus the memory cost. */
  objective: number;
  /** Standard error of `objective` over the evaluation trials (the cost has none). */
  objectiveStandardError: number;
  return: number;
  memoryCost: number;
  /** Sigma of each learned memory, in the order of the comparison's `memories`. */
  sigma: number[];
  /** The objective on the trials the optimisation itself used (tree-search model; biased upwards by the search), or null. */
  searchObjective: number | null;
}

/** Flexible and equal precision of one seed at one budget, and their difference. */
export interface TimePressureRun {
  seed: number;
  flexible: AllocationOutcome;
  equal: AllocationOutcome;
  /** flexible.objective - equal.objective, and its standard error over the evaluation trials (paired when both used the same trials). */
  difference: number;
  differenceStandardError: number;
  /** Tree-search model: which candidate the flexible allocation is, the CMA-ES restart (0-based) or 'equal' (the equal optimum, itself a flexible allocation, scored best); null for the gradient model. */
  flexibleFrom: number | 'equal' | null;
}

/** One allocation at one budget, over seeds: means, and the standard error of the objective over seeds. */
export interface AllocationSummary {
  objective: number;
  objectiveStandardError: number;
  return: number;
  memoryCost: number;
  /** Mean sigma of each learned memory over seeds. */
  sigma: number[];
}

/** Least-squares slope of d' on the reward difference of the choices: per seed, then mean and standard error over seeds; the correlation pooled over seeds. */
export interface DPrimeFit {
  slope: number;
  slopeStandardError: number;
  correlation: number;
}

/** One budget of the flexible-versus-equal comparison, over seeds. */
export interface TimePressureRow {
  budget: number;
  /** Share of the whole tree's expansions (depth * 2^depth). */
  budgetFraction: number;
  flexible: AllocationSummary;
  equal: AllocationSummary;
  /** Mean over seeds of (flexible - equal), paired by seed; its standard error over seeds (with one seed: over that seed's evaluation trials). */
  difference: number;
  differenceStandardError: number;
  /** The poster's flexible - equal at this budget, when it has one (depth 3). */
  poster: number | null;
  dPrime: { flexible: DPrimeFit; equal: DPrimeFit };
  /** Flexible minus equal d' slope, paired by seed: mean and standard error over seeds. */
  dPrimeSlopeDifference: { mean: number; standardError: number };
  runs: TimePressureRun[];
  /** Every learned choice of every run at this budget: the points behind the d' fits. */
  choices: { allocation: AllocationScheme; seed: number; state: number; rewardDifference: number; dPrime: number }[];
}

/** Flexible against equal precision per budget over seeds, with the model and the settings they share. */
export interface TimePressureComparison<S extends { depth: number } = { depth: number }> {
  model: TimePressureModel;
  settings: S & { seeds: number[]; budgets: number[] };
  /** The learned memories (task memory indices) whose sigmas the outcomes list. */
  memories: number[];
  rows: TimePressureRow[];
}

/** The learned choices of a memory table: per state with two or more learned memories, its reward difference and d' (`choiceImportance`). */
export function learnedChoices(model: TabularModel, memory: MemoryTable, allocation: AllocationScheme, seed: number): TimePressureRow['choices'] {
  return choiceImportance(model, memory, 1).map(({ state, rewardDifference, dPrime }) => ({ allocation, seed, state, rewardDifference, dPrime }));
}

/** A row from its runs and choices (the statistics over seeds). */
export function summariseRow(depth: number, budget: number, runs: TimePressureRun[], choices: TimePressureRow['choices']): TimePressureRow {
  const differences = runs.map((r) => r.difference);
  const arm = (allocation: AllocationScheme): AllocationSummary => {
    const outcomes = runs.map((r) => r[allocation]);
    return {
      objective: mean(outcomes.map((o) => o.objective)),
      objectiveStandardError: runs.length > 1 ? standardError(outcomes.map((o) => o.objective)) : outcomes[0]!.objectiveStandardError,
      return: mean(outcomes.map((o) => o.return)),
      memoryCost: mean(outcomes.map((o) => o.memoryCost)),
      sigma: outcomes[0]!.sigma.map((_, i) => mean(outcomes.map((o) => o.sigma[i]!))),
    };
  };
  // The slope of d' on reward difference, one per seed and allocation (the fits and the paired difference share them).
  const slopes = Object.fromEntries(
    (['flexible', 'equal'] as const).map((allocation) => [
      allocation,
      runs.map((r) => {
        const mine = choices.filter((c) => c.allocation === allocation && c.seed === r.seed);
        return slope(mine.map((c) => c.rewardDifference), mine.map((c) => c.dPrime));
      }),
    ]),
  ) as Record<AllocationScheme, number[]>;
  const fit = (allocation: AllocationScheme): DPrimeFit => {
    const own = choices.filter((c) => c.allocation === allocation);
    return {
      slope: mean(slopes[allocation]),
      slopeStandardError: standardError(slopes[allocation]),
      correlation: pearson(own.map((c) => c.rewardDifference), own.map((c) => c.dPrime)),
    };
  };
  const paired = slopes.flexible.map((x, i) => x - slopes.equal[i]!);
  return {
    budget,
    budgetFraction: budget / (depth * 2 ** depth),
    flexible: arm('flexible'),
    equal: arm('equal'),
    difference: mean(differences),
    differenceStandardError: runs.length > 1 ? standardError(differences) : runs[0]!.differenceStandardError,
    poster: depth === 3 ? (POSTER_FLEXIBLE_MINUS_EQUAL[budget] ?? null) : null,
    dPrime: { flexible: fit('flexible'), equal: fit('equal') },
    dPrimeSlopeDifference: { mean: mean(paired), standardError: standardError(paired) },
    runs,
    choices,
  };
}

/**
 * Joins comparisons of one model, the same settings and budgets, run on disjoint seeds (e.g.
 * one per seed, in parallel) into the comparison of all their seeds: the same numbers as one
 * comparison over the seeds in the order given.
 */
export function mergeTimePressureComparisons<S extends { depth: number }>(parts: readonly TimePressureComparison<S>[]): TimePressureComparison<S> {
  if (parts.length === 0) throw new BadInputError('nothing to merge: no comparisons given');
  const first = parts[0]!;
  const key = (p: TimePressureComparison<S>) => JSON.stringify({ model: p.model, settings: { ...p.settings, seeds: null }, memories: p.memories });
  for (const part of parts) if (key(part) !== key(first)) throw new BadInputError('comparisons to merge must share the model and every setting and budget but the seeds');
  const seeds = parts.flatMap((p) => p.settings.seeds);
  if (new Set(seeds).size !== seeds.length) throw new BadInputError(`comparisons to merge must have disjoint seeds, got ${seeds.join(',')}`);
  const rows = first.settings.budgets.map((budget, i) =>
    summariseRow(
      first.settings.depth,
      budget,
      parts.flatMap((p) => p.rows[i]!.runs),
      parts.flatMap((p) => p.rows[i]!.choices),
    ),
  );
  return { model: first.model, settings: { ...first.settings, seeds }, memories: [...first.memories], rows };
}

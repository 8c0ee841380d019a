import { defaultSettings, type RunSettings } from '@dra/agent';
import type { CompareOptions } from '../compare-objectives.js';
import type { TimePressureBase } from '../time-pressure/gradient-time-pressure.js';
import { fullBudgets } from '../time-pressure/time-pressure.js';
import { TREE_SEARCH_DEFAULTS, treeSearchJobKey, treeSearchJobs, type TreeSearchJob, type TreeSearchSettings } from '../time-pressure/tree-search-time-pressure.js';
import type { EnvironmentRegistry } from '@dra/environments';

/** The paper's figures `reproduce` knows: fig1 the maze, fig2 mountain car, fig3 planning under time pressure. */
export const FIGURE_IDS = ['fig1', 'fig2', 'fig3'] as const;
/** One of `FIGURE_IDS`. */
export type FigureId = (typeof FIGURE_IDS)[number];

/** One unit of work for the worker pool; its result depends on the job alone. */
export type ReproduceJob =
  | { kind: 'run'; id: string; settings: RunSettings }
  | { kind: 'time-pressure'; id: string; base: TimePressureBase; budgets: number[]; seed: number }
  | { kind: 'tree-search'; id: string; settings: TreeSearchSettings; job: TreeSearchJob }
  | { kind: 'compare'; id: string; options: Omit<CompareOptions, 'registry' | 'onRun'> };

/** What one figure's experiments are, at full or quick length. */
export interface ReproducePlan {
  figures: FigureId[];
  quick: boolean;
  /** Settings behind each experiment, as recorded in results.json. */
  settings: {
    maze: { sigma0: number[]; seeds: number[]; episodes: number; switchAt: number; switchSeeds: number[] };
    mountainCar: { estimators: string[]; seeds: number[]; episodes: number };
    planning: { model: 'tree-search'; seeds: number[]; budgets: number[]; allocator: TreeSearchSettings };
    objectives: { env: string; objectives: string[]; seeds: number[]; episodes: number };
  };
  jobs: ReproduceJob[];
}

const seedsUpTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
/** The initial sigmas of fig1's maze runs. */
export const MAZE_SIGMA0 = [1, 3, 4, 5];
/** The gradient estimators fig2 compares on mountain car. */
export const MOUNTAIN_CAR_ESTIMATORS = ['A', 'Q', 'R'] as const;

/**
 * The experiments behind the paper's figures (docs/tasks.md): fig1 the maze for sigma0 in
 * {1, 3, 4, 5} over 5 seeds at 5000 episodes plus 10 seeds with the switch at episode 3000
 * (each one's memory before the switch is the same seed's run stopped at episode 3000); fig2 mountain
 * car with the estimators A, Q, R; fig3 the planning task under time pressure and the
 * Eq. 8 / Eq. 10 / DRA comparison on it; the planning figure comes from the gradient-free
 * allocator (the model that made it), one job per seed, budget and CMA-ES restart. `quick`
 * keeps the maze whole (it is cheap) and shortens the rest: 2 mountain-car seeds, 3 planning
 * seeds with 3 restarts each, objectives compared on 2 seeds of 5000 trials.
 */
export function reproducePlan(figures: readonly FigureId[], quick: boolean, registry: EnvironmentRegistry): ReproducePlan {
  const settings: ReproducePlan['settings'] = {
    maze: { sigma0: MAZE_SIGMA0, seeds: seedsUpTo(5), episodes: 5000, switchAt: 3000, switchSeeds: seedsUpTo(10) },
    mountainCar: { estimators: [...MOUNTAIN_CAR_ESTIMATORS], seeds: seedsUpTo(quick ? 2 : 5), episodes: 5000 },
    planning: { model: 'tree-search', seeds: seedsUpTo(quick ? 3 : 5), budgets: fullBudgets(3), allocator: { ...TREE_SEARCH_DEFAULTS, restarts: quick ? 3 : TREE_SEARCH_DEFAULTS.restarts } },
    objectives: { env: 'huys', objectives: ['dra', 'eq8', 'eq10'], seeds: seedsUpTo(quick ? 2 : 5), episodes: quick ? 5000 : defaultSettings('huys', registry).episodes },
  };
  const jobs: ReproduceJob[] = [];
  if (figures.includes('fig1')) {
    const maze = defaultSettings('maze', registry);
    const m = settings.maze;
    for (const sigma0 of m.sigma0) {
      for (const seed of m.seeds) jobs.push({ kind: 'run', id: mazeRunId(sigma0, seed), settings: { ...maze, sigma0, seed, episodes: m.episodes } });
    }
    for (const seed of m.switchSeeds) {
      const switched = { ...maze, seed, envOptions: { ...maze.envOptions, switchAt: m.switchAt } };
      jobs.push({ kind: 'run', id: mazeSwitchRunId('before', seed), settings: { ...switched, episodes: m.switchAt } });
      jobs.push({ kind: 'run', id: mazeSwitchRunId('after', seed), settings: { ...switched, episodes: m.episodes } });
    }
  }
  if (figures.includes('fig2')) {
    const car = defaultSettings('mountain-car', registry);
    const c = settings.mountainCar;
    for (const estimator of MOUNTAIN_CAR_ESTIMATORS) {
      for (const seed of c.seeds) jobs.push({ kind: 'run', id: mountainCarRunId(estimator, seed), settings: { ...car, estimator, seed, episodes: c.episodes } });
    }
  }
  if (figures.includes('fig3')) {
    const p = settings.planning;
    for (const job of treeSearchJobs(p.allocator, p.budgets, p.seeds)) jobs.push(treeSearchReproduceJob(p.allocator, job));
    const o = settings.objectives;
    const huys = defaultSettings(o.env, registry);
    jobs.push({
      kind: 'compare',
      id: 'objectives',
      options: { settings: { ...huys, estimator: 'critic', episodes: o.episodes }, objectives: ['dra', 'eq8', 'eq10'], seeds: o.seeds },
    });
  }
  return { figures: [...figures], quick, settings, jobs };
}

/** Run id of a switched maze run, stopped at the switch ('before') or at the end ('after'). */
export const mazeSwitchRunId = (when: 'before' | 'after', seed: number) => `maze-switch-${when}-seed-${seed}`;
/** Run id of a fig1 maze run. */
export const mazeRunId = (sigma0: number, seed: number) => `maze-sigma0-${sigma0}-seed-${seed}`;
/** Run id of a fig2 mountain-car run. */
export const mountainCarRunId = (estimator: string, seed: number) => `mountain-car-${estimator}-seed-${seed}`;

/** A tree-search job of the worker pool. */
export function treeSearchReproduceJob(settings: TreeSearchSettings, job: TreeSearchJob): ReproduceJob {
  return { kind: 'tree-search', id: `planning-${treeSearchJobKey(job).replaceAll('/', '-')}`, settings, job };
}

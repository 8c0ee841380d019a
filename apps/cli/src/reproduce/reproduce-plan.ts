import { defaultSettings, fullBudgets, TIME_PRESSURE_DEFAULTS, type CompareOptions, type RunSettings, type TimePressureBase } from '@dra/agent';
import type { EnvironmentRegistry } from '@dra/environments';

export const FIGURE_IDS = ['fig1', 'fig2', 'fig3'] as const;
export type FigureId = (typeof FIGURE_IDS)[number];

/** One unit of work for the worker pool; its result depends on the job alone. */
export type ReproduceJob =
  | { kind: 'run'; id: string; settings: RunSettings }
  | { kind: 'time-pressure'; id: string; base: TimePressureBase; budgets: number[]; seed: number }
  | { kind: 'compare'; id: string; options: Omit<CompareOptions, 'registry' | 'onRun'> };

/** What one figure's experiments are, at full or quick length. */
export interface ReproducePlan {
  figures: FigureId[];
  quick: boolean;
  /** Settings behind each experiment, as recorded in results.json. */
  settings: {
    maze: { sigma0: number[]; seeds: number[]; episodes: number; switchAt: number; switchSeed: number };
    mountainCar: { estimators: string[]; seeds: number[]; episodes: number };
    planning: { seeds: number[]; trials: number; evalTrials: number; budgets: number[] };
    objectives: { env: string; objectives: string[]; seeds: number[]; episodes: number };
  };
  jobs: ReproduceJob[];
}

const seedsUpTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
export const MAZE_SIGMA0 = [1, 3, 4, 5];
export const MOUNTAIN_CAR_ESTIMATORS = ['A', 'Q', 'R'] as const;

/**
 * The experiments behind the paper's figures (TASKS.md): fig1 the maze for sigma0 in
 * {1, 3, 4, 5} over 5 seeds at 5000 episodes plus one run with the switch at episode 3000
 * (its memory before the switch is the same seed's run stopped at episode 3000); fig2 mountain
 * car with the estimators A, Q, R; fig3 the planning task under time pressure and the
 * Eq. 8 / Eq. 10 / DRA comparison on it. `quick` keeps the maze whole (it is cheap) and
 * shortens the rest: 2 mountain-car seeds, 3 planning seeds of 20000 trials, objectives
 * compared on 2 seeds of 5000 trials.
 */
export function reproducePlan(figures: readonly FigureId[], quick: boolean, registry: EnvironmentRegistry): ReproducePlan {
  const settings: ReproducePlan['settings'] = {
    maze: { sigma0: MAZE_SIGMA0, seeds: seedsUpTo(5), episodes: 5000, switchAt: 3000, switchSeed: 1 },
    mountainCar: { estimators: [...MOUNTAIN_CAR_ESTIMATORS], seeds: seedsUpTo(quick ? 2 : 5), episodes: 5000 },
    planning: { seeds: seedsUpTo(quick ? 3 : 5), trials: quick ? 20_000 : TIME_PRESSURE_DEFAULTS.trials, evalTrials: quick ? 4000 : TIME_PRESSURE_DEFAULTS.evalTrials, budgets: fullBudgets(3) },
    objectives: { env: 'huys', objectives: ['dra', 'eq8', 'eq10'], seeds: seedsUpTo(quick ? 2 : 5), episodes: quick ? 5000 : defaultSettings('huys', registry).episodes },
  };
  const jobs: ReproduceJob[] = [];
  if (figures.includes('fig1')) {
    const maze = defaultSettings('maze', registry);
    const m = settings.maze;
    for (const sigma0 of m.sigma0) {
      for (const seed of m.seeds) jobs.push({ kind: 'run', id: mazeRunId(sigma0, seed), settings: { ...maze, sigma0, seed, episodes: m.episodes } });
    }
    const switched = { ...maze, seed: m.switchSeed, envOptions: { ...maze.envOptions, switchAt: m.switchAt } };
    jobs.push({ kind: 'run', id: 'maze-switch-before', settings: { ...switched, episodes: m.switchAt } });
    jobs.push({ kind: 'run', id: 'maze-switch-after', settings: { ...switched, episodes: m.episodes } });
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
    const base: TimePressureBase = { ...TIME_PRESSURE_DEFAULTS, trials: p.trials, evalTrials: p.evalTrials };
    for (const seed of p.seeds) jobs.push({ kind: 'time-pressure', id: `planning-seed-${seed}`, base, budgets: p.budgets, seed });
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

export const mazeRunId = (sigma0: number, seed: number) => `maze-sigma0-${sigma0}-seed-${seed}`;
export const mountainCarRunId = (estimator: string, seed: number) => `mountain-car-${estimator}-seed-${seed}`;

import { defaultSettings, type KernelPlacement, type RunSettings } from '@dra/agent';
import type { EnvironmentRegistry } from '@dra/environments';
import { defaultSigmaStepFor } from '@dra/objectives';

/** One training path `dra bench` times: an id, what it is, and its settings (a preset with overrides). */
export interface BenchPath {
  readonly id: string;
  readonly label: string;
  readonly settings: RunSettings;
}

/** The maze 'A' path: the paper's workload, the one the C anchor runs, and the yardstick of the others. */
export const REFERENCE_PATH = 'maze-A';

/**
 * Every tabular training path, and mountain car: the maze with DRA's 'A' (the paper), 'R' and
 * causal estimators, Eq. 8 (causal, sigma clipped at 5), Eq. 10 with T_ref fixed and realised
 * (causal), the planning task's and mountain car's paper presets. Each runs at most `episodes`
 * episodes, with the sigma step rule its estimator takes by default (as `dra run`).
 */
export function benchPaths(registry: EnvironmentRegistry, episodes: number): BenchPath[] {
  const preset = (env: string, overrides: Partial<RunSettings>): RunSettings => {
    const settings = { ...defaultSettings(env, registry), ...overrides };
    settings.episodes = Math.min(settings.episodes, episodes);
    if (overrides.sigmaStep === undefined) settings.sigmaStep = defaultSigmaStepFor(settings.estimator);
    return settings;
  };
  return [
    { id: REFERENCE_PATH, label: "maze, DRA, 'A' (the paper)", settings: preset('maze', {}) },
    { id: 'maze-causal', label: 'maze, DRA, causal', settings: preset('maze', { estimator: 'causal' }) },
    { id: 'maze-R', label: "maze, DRA, 'R'", settings: preset('maze', { estimator: 'R' }) },
    { id: 'maze-eq8', label: 'maze, Eq. 8, causal, sigma-max 5', settings: preset('maze', { objective: 'eq8', estimator: 'causal', sigmaMax: 5 }) },
    { id: 'maze-eq10', label: 'maze, Eq. 10, causal, T_ref 10', settings: preset('maze', { objective: 'eq10', estimator: 'causal', tRef: 10 }) },
    { id: 'maze-eq10-realised', label: 'maze, Eq. 10, causal, realised length', settings: preset('maze', { objective: 'eq10', estimator: 'causal', tRef: 'realised' }) },
    { id: 'huys', label: "planning task, paper preset ('R')", settings: preset('huys', {}) },
    { id: 'mountain-car', label: "mountain car, paper preset ('A')", settings: preset('mountain-car', {}) },
  ];
}

/** One timed run: steps of the training loop per second of it, and where its phases ran. */
export interface TimedRun {
  readonly stepsPerSecond: number;
  readonly steps: number;
  readonly seconds: number;
  readonly kernel: KernelPlacement;
}

import { defaultSettings, runExperiment } from '@dra/agent';
import { MemoryTable, type TabularModel } from '@dra/core';
import type { EnvironmentRegistry } from '@dra/environments';
import { evaluateExactly, type ExactEvaluationOptions } from '@dra/objectives';
import { median } from './baseline-command.js';

/** One timed exact evaluation (value and gradient) of a maze memory. */
export interface ExactTiming {
  readonly memory: 'trained' | 'every sigma at sigma-base';
  readonly objective: 'dra' | 'eq10 realised';
  /** Median seconds of one evaluation. */
  readonly seconds: number;
  readonly runs: readonly number[];
}

/** Episodes of the trained memory (paper settings, seed 2). */
export const TRAINED_EPISODES = 300;

/**
 * The exact evaluator on the maze (docs/math.md 4): value and sigma-gradient of DRA and of Eq. 10
 * with the realised length, for a memory trained TRAINED_EPISODES episodes at the paper's settings
 * and for the same memory with every sigma at sigma-base (5: beta sigma = 50, the widest
 * quadrature). Median of `repeat` evaluations after one untimed.
 */
export function timeExactEvaluations(registry: EnvironmentRegistry, repeat: number): ExactTiming[] {
  const settings = { ...defaultSettings('maze', registry), episodes: TRAINED_EPISODES, seed: 2 };
  let model: TabularModel | undefined;
  const record = runExperiment(settings, { registry, onStart: ({ environment }) => (model = environment.model) });
  const trained = MemoryTable.fromRows(record.memory);
  const wide = MemoryTable.fromRows(record.memory);
  wide.sigma.fill(settings.sigmaBase);
  const cost = { beta: settings.beta, lambda: settings.lambda, sigmaBase: settings.sigmaBase };
  const objectives: [ExactTiming['objective'], ExactEvaluationOptions][] = [
    ['dra', { objective: 'dra', ...cost }],
    ['eq10 realised', { objective: 'eq10', tRef: 'realised', ...cost }],
  ];
  const timings: ExactTiming[] = [];
  for (const [name, memory] of [['trained', trained], ['every sigma at sigma-base', wide]] as const) {
    for (const [objective, options] of objectives) {
      const runs = timed(repeat, () => evaluateExactly(model!, memory, options));
      timings.push({ memory: name, objective, seconds: median(runs), runs });
    }
  }
  return timings;
}

/** Seconds of `repeat` calls of `work`, after one untimed call. */
function timed(repeat: number, work: () => unknown): number[] {
  work();
  const runs: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    work();
    runs.push((performance.now() - started) / 1000);
  }
  return runs;
}

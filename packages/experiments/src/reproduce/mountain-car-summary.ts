import type { RunRecord } from '@dra/agent';
import { stat, type Stat } from './claim-rules.js';

/** One gradient estimator on mountain car, over its seeds: final values (mean of the last three evaluations). */
export interface EstimatorOutcome {
  estimator: string;
  seeds: number[];
  objective: Stat;
  return: Stat;
  memoryCost: Stat;
}

/** Fig. 2's summary: final values per estimator and the estimator with the highest final objective. */
export interface MountainCarSummary {
  estimators: EstimatorOutcome[];
  /** Estimator with the highest mean final objective. */
  best: string;
}

/** Final values per estimator (mean +- s.e. over seeds) from the runs of each estimator. */
export function mountainCarSummary(byEstimator: ReadonlyMap<string, readonly RunRecord[]>): MountainCarSummary {
  const estimators = [...byEstimator].map(([estimator, runs]) => ({
    estimator,
    seeds: runs.map((r) => r.settings.seed),
    objective: stat(runs.map((r) => r.final.objective)),
    return: stat(runs.map((r) => r.final.return)),
    memoryCost: stat(runs.map((r) => r.final.memoryCost)),
  }));
  const best = estimators.reduce((a, b) => (b.objective.mean > a.objective.mean ? b : a)).estimator;
  return { estimators, best };
}

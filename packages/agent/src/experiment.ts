import { MemoryTable, Rng, type MemoryRows } from '@dra/core';
import { createMaze } from '@dra/environments';
import { DraObjective } from '@dra/objectives';
import { SoftThompson } from '@dra/policies';
import { validateRunSettings, type RunSettings } from './run-settings.js';
import { train, type CurvePoint, type ProgressEvent, type StepCounts, type TrainResult } from './train.js';
import type { ObjectiveValue } from '@dra/objectives';

/** Everything one run produced, as plain data. */
export interface RunRecord {
  settings: RunSettings;
  final: ObjectiveValue;
  curve: CurvePoint[];
  steps: StepCounts;
  seconds: number;
  memory: MemoryRows;
}

/** Thrown for settings that fail validation; `problems` lists every one. */
export class SettingsError extends RangeError {
  readonly problems: ReturnType<typeof validateRunSettings>;
  constructor(problems: ReturnType<typeof validateRunSettings>) {
    super(problems.map((p) => `${p.field} must be ${p.expected}, got ${JSON.stringify(p.value) ?? String(p.value)}`).join('; '));
    this.name = 'SettingsError';
    this.problems = problems;
  }
}

/** Builds environment, policy, objective and memories from plain settings and trains. */
export function runExperiment(settings: RunSettings, onProgress?: (event: ProgressEvent) => void): RunRecord {
  const problems = validateRunSettings(settings);
  if (problems.length > 0) throw new SettingsError(problems);
  const environment = createMaze(settings.switchAt === null ? {} : { switchAt: settings.switchAt });
  const memory = new MemoryTable(environment.actionCounts, { mean: settings.qInit, sigma: settings.sigma0 });
  const result: TrainResult = train({
    environment,
    policy: new SoftThompson({ beta: settings.beta }),
    objective: new DraObjective({ lambda: settings.lambda, sigmaBase: settings.sigmaBase, estimator: settings.estimator }),
    memory,
    rng: Rng.create(settings.seed),
    episodes: settings.episodes,
    gamma: settings.gamma,
    alphaQ: settings.alphaQ,
    alphaSigma: settings.alphaSigma,
    nTraj: settings.nTraj,
    evalEvery: settings.evalEvery,
    evalRollouts: settings.evalRollouts,
    sigmaMin: settings.sigmaMin,
    sigmaMax: settings.sigmaMax,
    onProgress,
  });
  return {
    settings: { ...settings },
    final: result.final,
    curve: result.curve,
    steps: result.steps,
    seconds: result.seconds,
    memory: result.memory.toRows(),
  };
}

import { BadInputError, MemoryTable, Rng, type Environment, type MemoryRows, type TabularModel } from '@dra/core';
import { createBuiltInRegistry, type EnvironmentRegistry } from '@dra/environments';
import { createObjective, evaluateObjectiveExactly, exactEvaluationRefusal, type Objective, type ObjectiveRegistry, type ObjectiveValue } from '@dra/objectives';
import { SoftThompson } from '@dra/policies';
import { validateRunSettings, withoutNulls, type RunSettings } from './run-settings.js';
import { train, type CurvePoint, type KernelPlacement, type LastEvaluation, type ProgressEvent, type StepCounts, type TrainingCheckpoint, type TrainResult } from './train.js';

/** Everything one run produced, as plain data. */
export interface RunRecord {
  settings: RunSettings;
  /** Mean of the last three evaluations (the paper's definition); `finalEpisodes` says which. */
  final: ObjectiveValue;
  /** The episodes of the evaluations `final` averaged. */
  finalEpisodes: number[];
  /** The memory after the last episode, evaluated (see `LastEvaluation`). */
  last: LastEvaluation;
  curve: CurvePoint[];
  steps: StepCounts;
  /** Wall time of training (of the resumed part when resumed). */
  seconds: number;
  /** Where a resumed run took up training; null when it ran from the start (see `TrainResult.resumedFrom`). */
  resumedFrom: TrainResult['resumedFrom'];
  /** Where the episodes ran (see `TrainOptions.wasm`). */
  kernel: KernelPlacement;
  memory: MemoryRows;
  /**
   * The run's objective evaluated exactly at the final memory (the exact evaluator: the referee
   * between training methods), when asked for (`exactFinal`), the task has a tabular model and the objective an exact form.
   */
  exactFinal?: ObjectiveValue;
  /** Why `exactFinal` was asked for but not computed: the task is too large (`EXACT_LIMITS` of @dra/objectives). */
  exactFinalSkipped?: string;
}

/** Thrown for settings that fail validation; `problems` lists every one. */
export class SettingsError extends BadInputError {
  override readonly name: string = 'SettingsError';
  readonly problems: ReturnType<typeof validateRunSettings>;
  constructor(problems: ReturnType<typeof validateRunSettings>) {
    super(problems.map((p) => `${p.field} must be ${p.expected}, got ${JSON.stringify(p.value) ?? String(p.value)}`).join('; '));
    this.problems = problems;
  }
}

/** Options of `runExperiment` beyond the settings: registry, progress, checkpoints, resume. */
export interface RunExperimentOptions {
  /** Where `settings.env` is looked up; default: the built-in environments (maze, huys). */
  registry?: EnvironmentRegistry;
  /** Where `settings.objective` is looked up; default: the built-in objectives (DRA, Eq. 8, Eq. 10). */
  objectives?: ObjectiveRegistry;
  /** Called after every episode and every evaluation (see `train`). */
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Called once before training with the live environment and memory table the run trains in
   * place, e.g. to draw the memories as they change (read them, do not write them).
   */
  onStart?: (run: { environment: Environment; memory: MemoryTable }) => void;
  /** Checkpoints every `checkpointEvery` episodes to `onCheckpoint` (see `train`). */
  checkpointEvery?: number;
  /** Receives the checkpoints. */
  onCheckpoint?: (checkpoint: TrainingCheckpoint) => void;
  /** Continue from a checkpoint of a run with the same settings (see `train`). */
  resume?: TrainingCheckpoint;
  /** false keeps the episodes in TypeScript (see `TrainOptions.wasm`; the same bits either way). */
  wasm?: boolean;
  /** Evaluate the final memory exactly (tabular tasks; `RunRecord.exactFinal`). Default false. */
  exactFinal?: boolean;
}

/** Builds environment, policy, objective and memories from plain settings and trains. */
export function runExperiment(settings: RunSettings, options: RunExperimentOptions = {}): RunRecord {
  const registry = options.registry ?? createBuiltInRegistry();
  const problems = validateRunSettings(settings, registry, options.objectives);
  if (problems.length > 0) throw new SettingsError(problems);
  const environment = registry.create(settings.env, withoutNulls(settings.envOptions));
  const rng = Rng.create(settings.seed);
  const memory = initialMemory(environment, settings, rng);
  options.onStart?.({ environment, memory });
  const policy = new SoftThompson({ beta: settings.beta });
  const tRef = settings.tRef ?? environment.horizon;
  const objective = createObjective({ objective: settings.objective, lambda: settings.lambda, sigmaBase: settings.sigmaBase, estimator: settings.estimator, tRef }, options.objectives);
  const result: TrainResult = train({
    environment,
    policy,
    objective,
    memory,
    rng,
    episodes: settings.episodes,
    gamma: settings.gamma,
    alphaQ: settings.alphaQ,
    alphaSigma: settings.alphaSigma,
    nTraj: settings.nTraj,
    evalEvery: settings.evalEvery,
    evalRollouts: settings.evalRollouts,
    sigmaMin: settings.sigmaMin,
    sigmaMax: settings.sigmaMax,
    betaSchedule: settings.betaSchedule,
    sigmaStep: settings.sigmaStep,
    alphaSigmaDecay: settings.alphaSigmaDecay,
    exactGradient: settings.exactGradient,
    onProgress: options.onProgress,
    checkpointEvery: options.checkpointEvery,
    onCheckpoint: options.onCheckpoint,
    resume: options.resume,
    wasm: options.wasm,
  });
  return {
    settings: structuredClone(settings),
    final: result.final,
    finalEpisodes: result.finalEpisodes,
    last: result.last,
    curve: result.curve,
    steps: result.steps,
    seconds: result.seconds,
    resumedFrom: result.resumedFrom,
    kernel: result.kernel,
    memory: result.memory.toRows(),
    ...(options.exactFinal && environment.model !== undefined && objective.description?.exact ? exactFinalOf(environment.model, result.memory, objective, policy.beta) : {}),
  };
}

/** The run's objective at `memory`, exactly, at the inverse temperature the run ended with. */
/** The exact value of the final memory, or why the task is too large for it. */
function exactFinalOf(model: TabularModel, memory: MemoryTable, objective: Objective, beta: number): Pick<RunRecord, 'exactFinal' | 'exactFinalSkipped'> {
  const refusal = exactEvaluationRefusal(model);
  if (refusal !== null) return { exactFinalSkipped: refusal };
  const exact = evaluateObjectiveExactly(model, memory, objective, beta);
  return { exactFinal: { objective: exact.objective, return: exact.return, memoryCost: exact.memoryCost, actionEntropy: exact.actionEntropy } };
}

/**
 * The memory table at the start of training: sigma = sigma0; q = qInit, or drawn uniformly
 * in [low, high] from the root generator's stream 'init'; with `knownFinalMoves`, the
 * memories known exactly are set and flagged (see `markKnownFinalMoves`).
 */
export function initialMemory(environment: Environment, settings: RunSettings, rng: Rng): MemoryTable {
  const memory = new MemoryTable(environment.actionCounts, { sigma: settings.sigma0 });
  const qInit = settings.qInit;
  if (typeof qInit === 'number') {
    memory.mean.fill(qInit);
  } else {
    const init = rng.stream('init');
    const [low, high] = qInit;
    for (let i = 0; i < memory.size; i++) memory.mean[i] = low + (high - low) * init.uniform();
  }
  if (settings.knownFinalMoves) markKnownFinalMoves(environment, memory, settings.knownSigma);
  return memory;
}

/**
 * Flags as known exactly every memory (s, a) whose outcomes all end the episode in a
 * terminal state, with q = the expected reward and sigma = `sigma` (docs/tasks.md 2: the planning
 * task's last move). Needs the environment's tabular model. Returns how many were flagged.
 */
export function markKnownFinalMoves(environment: Environment, memory: MemoryTable, sigma: number): number {
  const model = environment.model;
  if (model === undefined) {
    throw new SettingsError([{ field: 'knownFinalMoves', value: true, expected: `false: environment ${environment.id} exposes no tabular model` }]);
  }
  let flagged = 0;
  for (let i = 0; i < memory.size; i++) {
    let final = true;
    let reward = 0;
    for (let j = model.transitionStart[i]!; j < model.transitionStart[i + 1]!; j++) {
      if (model.terminal[model.nextState[j]!] === 0) final = false;
      reward += model.probability[j]! * model.reward[j]!;
    }
    if (!final) continue;
    memory.mean[i] = reward;
    memory.sigma[i] = sigma;
    memory.known[i] = 1;
    flagged++;
  }
  return flagged;
}

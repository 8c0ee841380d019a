import { BadInputError, type Environment, gaussianKl, log, MemoryTable, Rng, type SigmaStepRuleId, TrajectoryBuffer } from '@dra/core';
import { createBuiltInRegistry, type EnvironmentRegistry } from '@dra/environments';
import { defaultEstimatorFor, defaultSigmaStepFor, EpisodeStatistics, evaluateExactly, OBJECTIVE_IDS, PAPER_ESTIMATOR_IDS, type EstimatorId, type ObjectiveId, type ObjectiveValue } from '@dra/objectives';
import { SoftThompson } from '@dra/policies';
import { rollout, runExperiment, type RunRecord, type RunSettings, withoutNulls } from '@dra/agent';
import { dPrime } from './choice-importance.js';
import { sampleMean as mean, standardError } from './sample-statistics.js';

/** Where one objective put the precision of one state (means over seeds). */
export interface StatePrecision {
  state: number;
  /** Expected visits per episode under the trained memory (exact on tabular tasks, else from rollouts). */
  visits: number;
  /** Mean sigma of the state's memories. */
  sigma: number;
  /** KL(s): the state's memories' KL to the base distribution, summed. */
  kl: number;
  /** Choice entropy (docs/glossary.md): entropy (nats) of the soft-Thompson marginal choice pibar(.|s); null without a tabular model. */
  choiceEntropy: number | null;
  /** d' (`dPrime`) of the two memories of a two-action state; else null. */
  dPrime: number | null;
}

/** A group of states by how often they are visited: the memory cost each way of paying it. */
export interface VisitGroup {
  states: number;
  /** Mean sigma of the group's memories. */
  sigma: number;
  /** lambda * sum of KL(s) over the group: its share of the global cost (DRA, Eq. 10). */
  globalCost: number;
  /** lambda * sum of visits(s) KL(s): what Eq. 8 charges per episode for it. */
  perVisitCost: number;
}

/** Groups of states by expected visits per episode: never (< 1e-3), rarely (up to the median), often. */
export type VisitGroupId = 'never' | 'rare' | 'often';

/** One objective's outcome over the seeds, trained with one estimator. */
export interface ObjectiveOutcome {
  objective: ObjectiveId;
  estimator: EstimatorId;
  /** The sigma step rule the runs used. */
  sigmaStep: SigmaStepRuleId;
  /** Final value (mean of the last three evaluations, as `dra run`), mean over seeds. */
  final: ObjectiveValue;
  /** Standard error over seeds of each component of `final` (NaN for one seed). */
  finalStandardError: ObjectiveValue;
  /**
   * The objective evaluated exactly at each seed's final memory (the referee between estimators),
   * mean over seeds, and its standard error; null without a tabular model.
   */
  exactFinal: ObjectiveValue | null;
  exactFinalStandardError: ObjectiveValue | null;
  /** lambda * KL over the whole table, and lambda * sum_s visits(s) KL(s), means over seeds. */
  globalCost: number;
  perVisitCost: number;
  states: StatePrecision[];
  groups: Record<VisitGroupId, VisitGroup>;
}

/** What `compareObjectives` returns: per objective and estimator its outcome, and every run. */
export interface ObjectiveComparison {
  env: string;
  seeds: number[];
  /** Visits below this (per episode, averaged over the objectives) make a state 'never'; the median of the rest splits 'rare' from 'often'. */
  rareVisitThreshold: number;
  outcomes: ObjectiveOutcome[];
  runs: RunRecord[];
}

/** Settings of `compareObjectives`. */
export interface CompareOptions {
  /**
   * Settings shared by every run; `objective`, `estimator`, `sigmaStep` and `seed` are set per run.
   * Without `estimators`, every objective takes `settings.estimator`, except that a paper
   * estimator ('A', 'Q', 'R') applies to DRA only and Eq. 8 and Eq. 10 then take their default
   * (`defaultEstimatorFor`).
   */
  settings: RunSettings;
  objectives?: readonly ObjectiveId[];
  /**
   * Estimators to train each objective with, side by side; the paper's 'A', 'Q', 'R' only
   * pair with DRA. Default: see `settings`.
   */
  estimators?: readonly EstimatorId[];
  /** The sigma step rule of every run; default: each estimator's own (`defaultSigmaStepFor`). */
  sigmaStep?: SigmaStepRuleId;
  seeds: readonly number[];
  registry?: EnvironmentRegistry;
  /** Called before each run. */
  onRun?: (run: { objective: ObjectiveId; estimator: EstimatorId; seed: number }, index: number, total: number) => void;
}

/** The (objective, estimator) pairs a comparison trains, in order. */
export function comparedPairs(objectives: readonly ObjectiveId[], estimators: readonly EstimatorId[] | undefined, settingsEstimator: EstimatorId): { objective: ObjectiveId; estimator: EstimatorId }[] {
  if (estimators === undefined) return objectives.map((objective) => ({ objective, estimator: defaultEstimatorFor(objective, settingsEstimator) }));
  const isPaper = (e: EstimatorId) => (PAPER_ESTIMATOR_IDS as readonly string[]).includes(e);
  return objectives.flatMap((objective) => estimators.filter((e) => objective === 'dra' || !isPaper(e)).map((estimator) => ({ objective, estimator })));
}

/** Visits per episode below which a state counts as never visited. */
const NEVER_VISITED = 1e-3;
/** Rollouts that estimate visits on a task without a tabular model. */
const VISIT_ROLLOUTS = 1000;

/**
 * Trains each objective (with each estimator) on the same task and seeds, everything else
 * equal, and reports the final value components from rollouts and, on tabular tasks, the exact
 * value of each final memory; and where each put its precision: per state its visits, sigma,
 * KL, choice entropy and d', and per group of states (never, rarely, often visited) the global
 * cost against the per-visit cost of Eq. 8.
 */
export function compareObjectives(options: CompareOptions): ObjectiveComparison {
  const registry = options.registry ?? createBuiltInRegistry();
  const pairs = comparedPairs(options.objectives ?? OBJECTIVE_IDS, options.estimators, options.settings.estimator);
  if (pairs.length === 0) throw new BadInputError(`estimators: none of ${options.estimators?.join(', ')} applies to ${options.objectives?.join(', ')} (A, Q, R are DRA's)`);
  const runs: RunRecord[] = [];
  const perObjective = pairs.map(({ objective, estimator }) =>
    options.seeds.map((seed) => {
      options.onRun?.({ objective, estimator, seed }, runs.length, pairs.length * options.seeds.length);
      const sigmaStep = options.sigmaStep ?? defaultSigmaStepFor(estimator);
      const settings: RunSettings = { ...structuredClone(options.settings), objective, estimator, sigmaStep, seed };
      const record = runExperiment(settings, { registry, exactFinal: true });
      runs.push(record);
      const environment = registry.create(settings.env, withoutNulls(settings.envOptions));
      return { record, allocation: statePrecisionOf(environment, MemoryTable.fromRows(record.memory), settings, seed) };
    }),
  );
  const S = perObjective[0]![0]!.allocation.length;
  const referenceVisits = Array.from({ length: S }, (_, s) => mean(perObjective.flatMap((runsOf) => runsOf.map((r) => r.allocation[s]!.visits))));
  const visited = referenceVisits.filter((v) => v >= NEVER_VISITED).sort((a, b) => a - b);
  const median = visited.length ? visited[Math.floor((visited.length - 1) / 2)]! : Infinity;
  const groupOf = (s: number): VisitGroupId => (referenceVisits[s]! < NEVER_VISITED ? 'never' : referenceVisits[s]! <= median ? 'rare' : 'often');
  const lambda = options.settings.lambda;

  const outcomes = pairs.map(({ objective, estimator }, o): ObjectiveOutcome => {
    const seedsOf = perObjective[o]!;
    const states = Array.from({ length: S }, (_, s): StatePrecision => {
      const rows = seedsOf.map((r) => r.allocation[s]!);
      const optional = (pick: (a: StatePrecision) => number | null) => (rows.some((a) => pick(a) === null) ? null : mean(rows.map((a) => pick(a)!)));
      return {
        state: s,
        visits: mean(rows.map((a) => a.visits)),
        sigma: mean(rows.map((a) => a.sigma)),
        kl: mean(rows.map((a) => a.kl)),
        choiceEntropy: optional((a) => a.choiceEntropy),
        dPrime: optional((a) => a.dPrime),
      };
    });
    const groups = {} as Record<VisitGroupId, VisitGroup>;
    for (const id of ['never', 'rare', 'often'] as const) {
      const members = states.filter((a) => groupOf(a.state) === id);
      groups[id] = {
        states: members.length,
        sigma: members.length ? mean(members.map((a) => a.sigma)) : NaN,
        globalCost: lambda * members.reduce((sum, a) => sum + a.kl, 0),
        perVisitCost: lambda * members.reduce((sum, a) => sum + a.visits * a.kl, 0),
      };
    }
    const finals = seedsOf.map((r) => r.record.final);
    const exacts = seedsOf.map((r) => r.record.exactFinal);
    const component = (values: ObjectiveValue[]) => (pick: (v: ObjectiveValue) => number) => values.map(pick);
    const exactKnown = exacts.every((v) => v !== undefined);
    return {
      objective,
      estimator,
      sigmaStep: seedsOf[0]!.record.settings.sigmaStep,
      final: mapValue((pick) => mean(component(finals)(pick))),
      finalStandardError: mapValue((pick) => standardError(component(finals)(pick))),
      exactFinal: exactKnown ? mapValue((pick) => mean(component(exacts as ObjectiveValue[])(pick))) : null,
      exactFinalStandardError: exactKnown ? mapValue((pick) => standardError(component(exacts as ObjectiveValue[])(pick))) : null,
      globalCost: lambda * states.reduce((sum, a) => sum + a.kl, 0),
      perVisitCost: lambda * states.reduce((sum, a) => sum + a.visits * a.kl, 0),
      states,
      groups,
    };
  });
  return { env: options.settings.env, seeds: [...options.seeds], rareVisitThreshold: NEVER_VISITED, outcomes, runs };
}

/** Per state of one trained memory: visits, mean sigma, KL, choice entropy, d'. */
function statePrecisionOf(environment: Environment, memory: MemoryTable, settings: RunSettings, seed: number): StatePrecision[] {
  const { visits, policy } = visitsOf(environment, memory, settings, seed);
  const out: StatePrecision[] = [];
  for (let s = 0; s < memory.stateCount; s++) {
    const a0 = memory.actionStart[s]!;
    const K = memory.actionCount(s);
    let sigma = 0;
    let kl = 0;
    let entropy = 0;
    for (let i = a0; i < a0 + K; i++) {
      sigma += memory.sigma[i]! / Math.max(1, K);
      if (memory.known[i] === 0) kl += gaussianKl(memory.sigma[i]!, settings.sigmaBase);
      const p = policy?.[i] ?? 0;
      if (p > 0) entropy -= p * log(p);
    }
    const dPrimeOfState = K === 2 ? dPrime(memory.mean[a0]!, memory.mean[a0 + 1]!, memory.sigma[a0]!, memory.sigma[a0 + 1]!) : null;
    out.push({ state: s, visits: visits[s]!, sigma: K > 0 ? sigma : NaN, kl, choiceEntropy: policy ? entropy : null, dPrime: dPrimeOfState });
  }
  return out;
}

/** Exact visits and marginal policy on a tabular task; visits from seeded rollouts otherwise. */
function visitsOf(environment: Environment, memory: MemoryTable, settings: RunSettings, seed: number): { visits: Float64Array; policy: Float64Array | null } {
  if (environment.model !== undefined) {
    const exact = evaluateExactly(environment.model, memory, { objective: 'dra', beta: settings.beta, lambda: settings.lambda, sigmaBase: settings.sigmaBase });
    return { visits: exact.visits, policy: exact.policy };
  }
  const policy = new SoftThompson({ beta: settings.beta });
  const rng = Rng.create(seed).stream('compare-visits');
  const buffer = new TrajectoryBuffer(memory.maxActions, 1024);
  const statistics = new EpisodeStatistics();
  for (let e = 0; e < VISIT_ROLLOUTS; e++) {
    rollout(environment, policy, memory, rng, buffer);
    statistics.add(buffer, memory, policy);
  }
  return { visits: Float64Array.from({ length: memory.stateCount }, (_, s) => (statistics.visits[s] ?? 0) / VISIT_ROLLOUTS), policy: null };
}

function mapValue(of: (pick: (v: ObjectiveValue) => number) => number): ObjectiveValue {
  return { objective: of((v) => v.objective), return: of((v) => v.return), memoryCost: of((v) => v.memoryCost), actionEntropy: of((v) => v.actionEntropy) };
}

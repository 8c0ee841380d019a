import { checkSettings, defaultSettings, scheduledBeta, type RunSettings, describeRuleViolation, DRA_ONLY_ESTIMATORS, rollout, ruleAllows, SETTING_SPECS, settingMessage, withoutNulls } from '@dra/agent';
import { Rng, TrajectoryBuffer, type Environment, type MemoryTable } from '@dra/core';
import { createObjective, EpisodeStatistics, evaluateExactly, evaluateObjectiveExactly, isBuiltInObjective, type EstimatorId, type Objective, type ObjectiveRegistry } from '@dra/objectives';
import { SoftThompson } from '@dra/policies';
import type { EnvironmentRegistry } from '@dra/environments';
import type { Command } from 'commander';
import { addEnvironmentOptionFlags, checkEnvironmentId, environmentOptionsFromFlags, givenEnvironmentOption } from '../environment-flags.js';
import { toJson } from '../json-output.js';
import { readMemory } from '../saved-memory.js';
import { readSavedRun } from '../saved-run.js';
import { flagName, pathValue, wholeNumber } from '../parse-flag.js';
import type { Toolkit } from '../toolkit.js';
import { addSettingFlags, objectiveFlagUse } from '../setting-flags.js';
import { valueText } from '../value-text.js';
import { exactTimeLimitNote } from '../exact-notes.js';
import { UsageError } from '../usage-error.js';

interface EvaluateFlags {
  env: string;
  memory: string;
  run?: string;
  objective: string;
  exact?: boolean;
  rollouts?: number;
  /** Unset until the command resolves it: the run's with --run (for the run's objective), else causal. */
  estimator: EstimatorId;
  beta?: number;
  lambda?: number;
  sigmaBase?: number;
  tRef?: number | 'realised';
  seed: number;
  json?: boolean;
  [option: string]: unknown;
}

export function registerEvaluateCommand(program: Command, toolkit: Toolkit): void {
  const registry = toolkit.environments;
  const command = program
    .command('evaluate')
    .description("value and sigma-gradient of an objective for a saved memory (a run's memory.json): exact on tabular tasks, or by rollouts")
    .option('--run <dir>', "a run directory (dra run --out): its memory, environment and settings (objective, beta, lambda, sigmaBase, tRef) from its files; flags override the settings", pathValue)
    .option('--env <id>', `environment (without --run): ${registry.ids().join(', ')}`);
  addEnvironmentOptionFlags(command, registry);
  command
    .option('--memory <file>', 'memory.json as written by dra run --out (without --run)', pathValue)
    .option('--exact', 'exact value and gradient (needs a tabular model; docs/math.md 4)')
    .option('--rollouts <n>', 'Monte Carlo: episodes to average (default 10000 without --exact)', wholeNumber);
  const preset = "evaluate: default the run's (--run), else the environment's paper setting";
  addSettingFlags(command, ['objective', 'estimator', 'beta', 'lambda', 'sigmaBase', 'tRef', 'seed'], {
    objective: { note: "evaluate: default the run's (--run), else dra", ...objectiveFlagUse(toolkit.objectives) },
    estimator: { note: "evaluate: of the Monte Carlo gradient (default the run's with --run, else causal)" },
    beta: { note: preset },
    lambda: { note: preset },
    sigmaBase: { note: preset },
    seed: { note: 'evaluate: of the rollouts', default: 1 },
  });
  command
    .option('--json', 'print one JSON object on stdout')
    .action((flags: EvaluateFlags) => evaluateCommand(flags, toolkit));
}

/** The environment, memory and default settings: a run directory's, or --env and --memory with the environment's paper settings. */
function evaluationInputs(flags: EvaluateFlags, registry: EnvironmentRegistry, objectives: ObjectiveRegistry): { environment: Environment; memory: MemoryTable; preset: RunSettings } {
  if (flags.run !== undefined) {
    const conflicting = ['env', 'memory'].find((f) => flags[f] !== undefined) ?? givenEnvironmentOption(registry, flags);
    if (conflicting !== undefined) throw new UsageError(`${flagName(conflicting)} does not apply with --run: the run directory gives the environment, its options and the memory`);
    const run = readSavedRun(flags.run, registry, objectives);
    return { environment: run.environment, memory: run.memory, preset: run.settings };
  }
  if (flags.env === undefined || flags.memory === undefined) throw new UsageError(`give --run DIR (a run directory), or --env ID and --memory FILE (missing: ${flags.env === undefined ? '--env' : '--memory'})`);
  checkEnvironmentId(registry, flags.env);
  const environment = registry.create(flags.env, withoutNulls(environmentOptionsFromFlags(registry, flags.env, flags)));
  return { environment, memory: readMemory(flags.memory, environment, '--memory'), preset: defaultSettings(flags.env, registry) };
}

function evaluateCommand(flags: EvaluateFlags, { environments: registry, objectives }: Toolkit): void {
  if (flags.exact && flags.rollouts !== undefined) throw new UsageError('--exact and --rollouts exclude each other: pick one');
  if (flags.rollouts !== undefined && flags.rollouts < 1) throw new UsageError(`--rollouts must be a whole number >= 1, got ${flags.rollouts}`);
  const { environment, memory, preset } = evaluationInputs(flags, registry, objectives);
  flags.env = preset.env;
  if (flags.objective === undefined) flags.objective = flags.run === undefined ? 'dra' : preset.objective;
  if (flags.tRef === undefined && flags.run !== undefined && preset.tRef !== null && preset.tRef !== undefined && objectives.has(flags.objective) && objectives.get(flags.objective).needsTRef === true) flags.tRef = preset.tRef;
  // A run's beta is the one it ended with (its schedule's last value, as its own evaluations use).
  const beta = flags.beta ?? (flags.run === undefined ? preset.beta : scheduledBeta(preset.beta, preset.betaSchedule ?? null, Math.max(0, preset.episodes - 1)));
  flags.estimator = (flags.estimator as EstimatorId | undefined) ?? (flags.run !== undefined && flags.objective === preset.objective ? (preset.estimator as EstimatorId) : 'causal');
  const lambda = flags.lambda ?? preset.lambda;
  const sigmaBase = flags.sigmaBase ?? preset.sigmaBase;
  const [problem] = checkSettings({ beta: SETTING_SPECS.beta, lambda: SETTING_SPECS.lambda, sigmaBase: SETTING_SPECS.sigmaBase, tRef: SETTING_SPECS.tRef }, { beta, lambda, sigmaBase, tRef: flags.tRef ?? null });
  if (problem) throw new UsageError(settingMessage(flagName(problem.field), problem.expected, problem.value));
  const needsTRef = objectives.has(flags.objective) && objectives.get(flags.objective).needsTRef === true;
  if (needsTRef && flags.tRef === undefined && !Number.isFinite(environment.horizon)) {
    throw new UsageError(`--t-ref (a length or realised) must be given for ${flags.objective} on ${flags.env}, which has no fixed horizon (docs/math.md 3.5)`);
  }
  const tRef = flags.tRef ?? (Number.isFinite(environment.horizon) ? environment.horizon : undefined);
  const settings = { env: flags.env, objective: flags.objective, beta, lambda, sigmaBase, tRef: tRef ?? null };

  let result: Record<string, unknown>;
  if (flags.exact) {
    if (environment.model === undefined) throw new UsageError(`--exact: environment ${flags.env} exposes no tabular model; use --rollouts`);
    const exact = isBuiltInObjective(flags.objective)
      ? evaluateExactly(environment.model, memory, { objective: flags.objective, beta, lambda, sigmaBase, ...(tRef === undefined ? {} : { tRef }) })
      : evaluateObjectiveExactly(environment.model, memory, pluginObjective(objectives, flags, { lambda, sigmaBase, tRef }), beta);
    result = {
      method: 'exact',
      objective: exact.objective,
      return: exact.return,
      memoryCost: exact.memoryCost,
      actionEntropy: exact.actionEntropy,
      gradient: rows(memory, exact.gradient),
      settings,
    };
  } else {
    if (isBuiltInObjective(flags.objective) && !ruleAllows(DRA_ONLY_ESTIMATORS, flags.estimator, flags.objective)) {
      throw new UsageError(`--estimator ${describeRuleViolation(DRA_ONLY_ESTIMATORS, flags.estimator, flags.objective, 'estimator')}`);
    }
    result = { method: 'rollouts', ...monteCarlo(environment, memory, flags, { beta, lambda, sigmaBase, tRef }, objectives), settings: { ...settings, estimator: flags.estimator } };
  }
  const parts = result as { objective: number; return: number; memoryCost: number };
  const objectiveSe = result.method === 'rollouts' ? (result.standardErrors as { objective: number | null }).objective : null;
  const spread = result.method !== 'rollouts' ? '' : objectiveSe === null ? ` (${String(result.rollouts)} rollout: no standard error)` : ` (+- ${fixed(objectiveSe)} s.e. over ${String(result.rollouts)} rollouts)`;
  const summary = `${flags.env}, ${flags.objective} (${String(result.method)}): objective ${valueText(flags.objective, parts, 4, fixed)}${spread}, action entropy ${fixed(result.actionEntropy)} nats per episode\n`;
  if (flags.json) {
    process.stdout.write(`${toJson(result)}\n`);
    process.stderr.write(summary);
  } else {
    process.stdout.write(summary);
  }
  const note = flags.exact ? exactTimeLimitNote(environment) : null;
  if (note !== null) process.stderr.write(note);
}

/** Monte Carlo value and mean one-episode gradient, with standard errors, from `rollouts` episodes. */
function monteCarlo(
  environment: Environment,
  memory: MemoryTable,
  flags: EvaluateFlags,
  cost: { beta: number; lambda: number; sigmaBase: number; tRef: number | 'realised' | undefined },
  registry: ObjectiveRegistry,
): Record<string, unknown> {
  const episodes = flags.rollouts ?? 10_000;
  const objective = createObjective({ objective: flags.objective, estimator: flags.estimator, lambda: cost.lambda, sigmaBase: cost.sigmaBase, ...(cost.tRef === undefined ? {} : { tRef: cost.tRef }) }, registry);
  const policy = new SoftThompson({ beta: cost.beta });
  const rng = Rng.create(flags.seed).stream('evaluate');
  const buffer = new TrajectoryBuffer(memory.maxActions, 1024);
  const one = new Float64Array(memory.size);
  const sum = new Float64Array(memory.size);
  const squares = new Float64Array(memory.size);
  // Each episode's value on its own (all three objectives are means of per-episode values),
  // so the objective's standard error comes from the same numbers as its mean.
  const episode = new EpisodeStatistics();
  const objectives: number[] = [];
  const parts = { return: 0, memoryCost: 0, actionEntropy: 0 };
  for (let e = 0; e < episodes; e++) {
    rollout(environment, policy, memory, rng, buffer);
    episode.clear();
    episode.add(buffer, memory, policy);
    const value = objective.value(episode, memory);
    objectives.push(value.objective);
    parts.return += value.return;
    parts.memoryCost += value.memoryCost;
    parts.actionEntropy += value.actionEntropy;
    one.fill(0);
    objective.accumulateEpisode(buffer, memory, policy, one);
    objective.finishGradient(memory, one, 1);
    for (let i = 0; i < memory.size; i++) {
      sum[i]! += one[i]!;
      squares[i]! += one[i]! * one[i]!;
    }
  }
  const mean = Float64Array.from(sum, (v) => v / episodes);
  const se = Float64Array.from(sum, (v, i) => (episodes > 1 ? Math.sqrt(Math.max(0, squares[i]! / episodes - (v / episodes) ** 2) / (episodes - 1)) : NaN));
  const objectiveMean = objectives.reduce((s, v) => s + v, 0) / episodes;
  const objectiveSe = episodes > 1 ? Math.sqrt(objectives.reduce((s, v) => s + (v - objectiveMean) ** 2, 0) / (episodes - 1) / episodes) : NaN;
  return {
    rollouts: episodes,
    objective: objectiveMean,
    return: parts.return / episodes,
    memoryCost: parts.memoryCost / episodes,
    actionEntropy: parts.actionEntropy / episodes,
    gradient: rows(memory, mean),
    standardErrors: { objective: Number.isFinite(objectiveSe) ? objectiveSe : null, gradient: Number.isFinite(se[0] ?? NaN) ? rows(memory, se) : null },
  };
}

/** A per-memory vector as rows per state (the layout of memory.json). */
function rows(memory: MemoryTable, values: Float64Array): number[][] {
  const out: number[][] = [];
  for (let s = 0; s < memory.stateCount; s++) out.push(Array.from(values.subarray(memory.actionStart[s]!, memory.actionStart[s + 1]!)));
  return out;
}

const fixed = (v: unknown) => (typeof v === 'number' ? v.toFixed(4) : String(v));

/**
 * A plugin objective for exact evaluation, which needs no estimator: built with --estimator when
 * the plugin takes it, else with the first estimator the plugin declares.
 */
function pluginObjective(objectives: ObjectiveRegistry, flags: EvaluateFlags, cost: { lambda: number; sigmaBase: number; tRef: number | 'realised' | undefined }): Objective {
  const plugin = objectives.get(flags.objective);
  const estimator = plugin.estimators.includes(flags.estimator) ? flags.estimator : plugin.estimators[0]!;
  return objectives.create({ objective: flags.objective, estimator, lambda: cost.lambda, sigmaBase: cost.sigmaBase, ...(cost.tRef === undefined ? {} : { tRef: cost.tRef }) });
}

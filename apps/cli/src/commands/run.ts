import { existsSync } from 'node:fs';
import {
  choiceImportance,
  runExperiment,
  spearman,
  validateRunSettings,
  withoutNulls,
  type ChoiceImportance,
  type RunRecord,
  type RunSettings,
  type TrainingCheckpoint,
} from '@dra/agent';
import { BadInputError, EnvironmentFaultError, MemoryTable, SIGMA_STEP_RULE_IDS, systemFailureOf, type BetaSchedule } from '@dra/core';
import type { EnvironmentRegistry } from '@dra/environments';
import { ESTIMATOR_IDS, OBJECTIVE_IDS } from '@dra/objectives';
import { InvalidArgumentError, type Command } from 'commander';
import { ConfigFile, hasPath } from '../config/config-file.js';
import { layerSettings } from '../config/layer-settings.js';
import { RUN_CONFIG_SCHEMA, SETTING_NAMES, type RunConfig } from '../config/settings-schema.js';
import { acquireDirectoryLock } from '../directory-lock.js';
import { addEnvironmentOptionFlags, checkEnvironmentId, environmentOptionsFromFlags } from '../environment-flags.js';
import { withHint } from '../error-hint.js';
import { toCsv, toJson } from '../json-output.js';
import { packageVersions } from '../package-versions.js';
import { booleanWord, finiteNumber, flagName, NONE, noneAsNull, numberList, oneOf, pathValue, stepDecayValue, tRefValue, wholeNumber } from '../parse-flag.js';
import { ProgressReporter } from '../progress.js';
import { createCliRegistry } from '../registry.js';
import { checkRunDirectory, writeRunDirectory } from '../run-directory.js';
import { abandonInProgress, finishedStart, inProgressDirectory, readInterruptedRun, removeInProgress, startInProgress, writeCheckpoint } from '../run-checkpoint.js';
import { savedRunFiles } from '../saved-run.js';
import { UsageError } from '../usage-error.js';

export interface RunFlags extends Partial<Omit<RunSettings, 'envOptions'>> {
  env?: string;
  config?: string;
  out?: string;
  force?: boolean;
  json?: boolean;
  resume?: string;
  checkpointEvery?: number;
  [option: string]: unknown;
}

/** `--q-init 0` or `--q-init -1,1` (uniform in [low, high]). */
function qInitValue(value: string): number | [number, number] {
  const numbers = numberList(value);
  if (numbers.length === 1) return numbers[0]!;
  if (numbers.length === 2) return [numbers[0]!, numbers[1]!];
  throw new InvalidArgumentError(`expected a number or low,high, got '${value}'.`);
}

/** `--beta-schedule 1.5,1000,10` (growth, every, max) or `none` (`NONE`). */
function betaScheduleValue(value: string): BetaSchedule | typeof NONE {
  if (value === 'none') return NONE;
  const numbers = numberList(value);
  if (numbers.length !== 3) throw new InvalidArgumentError(`expected growth,every,max or none, got '${value}'.`);
  return { growth: numbers[0]!, every: numbers[1]!, max: numbers[2]! };
}

export const SETTING_FLAGS: [keyof RunSettings, string, (v: string) => unknown, string][] = [
  ['objective', '--objective <id>', oneOf(OBJECTIVE_IDS), 'objective: dra (the paper), eq8 (cost per visit), eq10 (global cost + lambda/T_ref entropy)'],
  ['estimator', '--estimator <id>', oneOf(ESTIMATOR_IDS), `sigma-gradient estimator: ${ESTIMATOR_IDS.join(', ')} (A, Q, R: DRA only; default for eq8 and eq10: critic)`],
  ['tRef', '--t-ref <x|realised>', tRefValue, "Eq. 10's T_ref: a length, or realised for each episode's own length (default: the task's fixed horizon)"],
  ['episodes', '--episodes <n>', wholeNumber, 'training episodes'],
  ['seed', '--seed <n>', wholeNumber, 'random seed (default 1)'],
  ['lambda', '--lambda <x>', finiteNumber, 'memory-cost weight lambda >= 0'],
  ['beta', '--beta <x>', finiteNumber, 'inverse temperature beta > 0 (with a schedule: at episode 0)'],
  ['betaSchedule', '--beta-schedule <g,every,max>', betaScheduleValue, 'beta_e = min(beta * g^(e / every), max), or none'],
  ['sigma0', '--sigma0 <x>', finiteNumber, 'initial sigma > 0'],
  ['sigmaBase', '--sigma-base <x>', finiteNumber, 'sigma of the base distribution'],
  ['sigmaMin', '--sigma-min <x>', finiteNumber, 'lower clip of sigma'],
  ['sigmaMax', '--sigma-max <x>', finiteNumber, 'upper clip of sigma'],
  ['qInit', '--q-init <x|low,high>', qInitValue, 'initial q: a constant, or uniform in [low, high]'],
  ['gamma', '--gamma <x>', finiteNumber, 'discount of the q update'],
  ['alphaQ', '--alpha-q <x>', finiteNumber, 'learning rate of q'],
  ['alphaSigma', '--alpha-sigma <x>', finiteNumber, 'learning rate of sigma'],
  ['sigmaStep', '--sigma-step <rule>', oneOf(SIGMA_STEP_RULE_IDS), `sigma step rule: ${SIGMA_STEP_RULE_IDS.join(', ')} (default: constant, the paper's, for A, Q, R; adam for the unbiased estimators)`],
  ['alphaSigmaDecay', '--alpha-sigma-decay <tau[,power]|none>', stepDecayValue, 'Robbins-Monro decay alpha_e = alpha-sigma (1 + e / tau)^-power (power 1 unless given)'],
  ['nTraj', '--n-traj <n>', wholeNumber, 'gradient rollouts per sigma update'],
  ['evalEvery', '--eval-every <n>', wholeNumber, 'evaluate after every n-th episode'],
  ['evalRollouts', '--eval-rollouts <n>', wholeNumber, 'rollouts per evaluation'],
  ['knownFinalMoves', '--known-final-moves <bool>', booleanWord, 'memories of moves that always end the episode are known exactly'],
  ['knownSigma', '--known-sigma <x>', finiteNumber, 'sigma of the memories known exactly'],
];

/** The flag that sets a settings field (`envOptions.depth` -> `--depth`). */
function flagOfField(field: string): string {
  return field.startsWith('envOptions.') ? flagName(field.slice('envOptions.'.length)) : field === 'envOptions' ? 'environment options' : flagName(field);
}

/** The environment a run uses: the flag, else the config file's, else the maze. */
const DEFAULT_ENV = 'maze';

/**
 * Resolves a run's settings: the environment's paper defaults < the config file (`--config`)
 * < flags, then validates everything at once. A problem names the flag and value when a
 * flag set it, and the file, line and column when the file did.
 */
export function resolveRunSettings(flags: RunFlags, registry: EnvironmentRegistry, config?: ConfigFile): RunSettings {
  if (config) config.vocabulary = ['env', 'envOptions', ...SETTING_NAMES, ...registry.ids().flatMap((id) => Object.keys(registry.get(id).options))];
  const parsed = config?.parseValid(RUN_CONFIG_SCHEMA);
  const file = parsed?.value;
  const fileProblems = parsed?.problems ?? [];
  const env = flags.env ?? file?.env ?? DEFAULT_ENV;
  if (flags.env === undefined && file?.env !== undefined && !registry.ids().includes(env)) {
    config!.fail([{ path: ['env'], message: `unknown environment '${env}' (known: ${registry.ids().join(', ')})` }]);
  }
  checkEnvironmentId(registry, env);
  const flagSettings: Record<string, unknown> = {};
  for (const [field] of SETTING_FLAGS) if (flags[field] !== undefined) flagSettings[field] = noneAsNull(flags[field]);
  if (flags.exactGradient === true) flagSettings.exactGradient = true;
  const settings = layerSettings(env, registry, [
    file ?? {},
    { ...(flagSettings as RunConfig), envOptions: environmentOptionsFromFlags(registry, env, flags) },
  ]);
  const problems = validateRunSettings(settings, registry);
  if (problems.length > 0 || fileProblems.length > 0) {
    throw new UsageError(
      [...fileProblems, ...problems
        .map((p) => {
          const path = p.field.split('.');
          const fromFile = config !== undefined && !setByFlag(flags, p.field) && hasPath(config.data, path);
          const message = `must be ${p.expected.replace(/\b(sigmaMin|sigmaMax)\b/g, (f) => (fromFile ? f : flagName(f)))}, got ${JSON.stringify(p.value) ?? String(p.value)}`;
          return fromFile ? config.locate({ path, message: `${p.field} ${message}` }) : `${flagOfField(p.field)} ${message}`;
        })]
        .join('\n'),
    );
  }
  return settings;
}

/** True when a flag (not the file or the defaults) set a settings field. */
function setByFlag(flags: RunFlags, field: string): boolean {
  return flags[field.startsWith('envOptions.') ? field.slice('envOptions.'.length) : field] !== undefined;
}

export function registerRunCommand(program: Command): void {
  const registry = createCliRegistry();
  const command = program
    .command('run')
    .description("train the DRA agent on a task (the environment's paper settings by default) and report its objective")
    .option('--env <id>', `environment: ${registry.ids().join(', ')} (default: the config file's, else maze)`)
    .option('--config <file>', 'a YAML or JSON file of settings (defaults < file < flags)', pathValue);
  addEnvironmentOptionFlags(command, registry);
  for (const [, flag, parse, help] of SETTING_FLAGS) command.option(flag, help, parse);
  command
    .option('--exact-gradient', 'step sigma along the exact gradient (tabular tasks, MATH.md 4) instead of N_traj rollouts')
    .option('--out <dir>', 'write a run directory (config.json, run.json, curve.csv, memory.json, allocation.csv for tabular tasks)', pathValue)
    .option('--force', 'replace an existing --out directory')
    .option('--checkpoint-every <n>', `with --out: save the training state every n episodes, for --resume (default ${DEFAULT_CHECKPOINT_EVERY}; 0: never)`, wholeNumber)
    .option('--resume <dir>', 'finish a run that was given --out <dir> and stopped (even by kill -9): same settings, from its last checkpoint', pathValue)
    .option('--json', 'print one JSON object with the results on stdout')
    .action((flags: RunFlags) => runCommand(flags, registry));
}

/** Episodes between checkpoints of a run with --out. */
const DEFAULT_CHECKPOINT_EVERY = 500;

/** Flags that may go with --resume: the rest would change the run being finished. */
const RESUME_FLAGS = new Set(['resume', 'json', 'checkpointEvery', 'plugin', 'force']);

/** The run to do: new settings, or an interrupted run's settings and checkpoint. */
/** The run to do; `trained` is set once training has finished (a failure after it keeps the state). */
interface RunToDo {
  settings: RunSettings;
  out: string | undefined;
  startedAt: string;
  replaces: boolean;
  resume?: TrainingCheckpoint;
  trained?: boolean;
}

function runToDo(flags: RunFlags, registry: EnvironmentRegistry): RunToDo {
  if (flags.resume !== undefined) {
    const extra = Object.keys(flags).filter((key) => flags[key] !== undefined && !RESUME_FLAGS.has(key));
    if (extra.length > 0) throw new UsageError(`--resume takes the settings of the run it finishes; drop ${extra.map((key) => (key === 'out' ? '--out' : flagName(key))).join(', ')}`);
    acquireDirectoryLock(flags.resume, `dra run --resume ${flags.resume}`);
    const run = readInterruptedRun(flags.resume, registry);
    // The run replaces what is in DIR only if it was started to replace exactly that (or --force says so now).
    const meant = run.replaces !== null && run.replaces.startedAt === finishedStart(flags.resume);
    const replaces = existsSync(flags.resume) && (meant || Boolean(flags.force));
    if (existsSync(flags.resume)) {
      if (!replaces) {
        const at = run.checkpoint ? `episode ${run.checkpoint.episode} of ${run.settings.episodes}` : 'before its first checkpoint';
        throw new UsageError(
          `--resume '${flags.resume}' holds a finished result and an interrupted run (seed ${run.settings.seed}, ${at}) that was not started to replace it. ` +
            `To finish the interrupted run and replace what is there: dra run --resume ${flags.resume} --force. To keep what is there: remove '${inProgressDirectory(flags.resume)}'.`,
        );
      }
      checkRunDirectory(flags.resume, true, '--resume');
    }
    return { settings: run.settings, out: flags.resume, startedAt: run.startedAt, replaces, ...(run.checkpoint ? { resume: run.checkpoint } : {}) };
  }
  if (flags.force && flags.out === undefined) throw new UsageError('--force replaces an --out directory; give --out (or --resume)');
  const config = flags.config === undefined ? undefined : ConfigFile.read(flags.config, '--config');
  const settings = resolveRunSettings(flags, registry, config);
  if (flags.out !== undefined) {
    checkRunDirectory(flags.out, Boolean(flags.force));
    acquireDirectoryLock(flags.out, `dra run --out ${flags.out}${flags.force ? ' --force' : ''}`);
    checkRunDirectory(flags.out, Boolean(flags.force)); // again, now that no other dra process can change it
  }
  const startedAt = new Date().toISOString();
  if (flags.out !== undefined) startInProgress(flags.out, settings, startedAt, Boolean(flags.force));
  return { settings, out: flags.out, startedAt, replaces: Boolean(flags.force) };
}

function runCommand(flags: RunFlags, registry: EnvironmentRegistry): void {
  const todo = runToDo(flags, registry);
  try {
    finishRun(flags, registry, todo);
  } catch (error) {
    const kept = todo.out !== undefined && existsSync(inProgressDirectory(todo.out));
    // Trained to the end but not written (the system refused, or something appeared in DIR): the state stays, resumable.
    if (kept && (systemFailureOf(error) !== null || todo.trained)) {
      throw withHint(error, `the run's last checkpoint is intact in '${inProgressDirectory(todo.out!)}': fix the cause, then dra run --resume ${todo.out}`);
    }
    // A new run refused part way would fail the same way if resumed: leave nothing that blocks the next run.
    if (kept && flags.resume === undefined && (error instanceof BadInputError || error instanceof EnvironmentFaultError)) abandonInProgress(todo.out!);
    throw error;
  }
}

function finishRun(flags: RunFlags, registry: EnvironmentRegistry, todo: RunToDo): void {
  const { settings, out, startedAt, replaces, resume } = todo;
  const progress = new ProgressReporter();
  const record = runExperiment(settings, {
    registry,
    onProgress: progress.onProgress,
    resume,
    checkpointEvery: out === undefined ? 0 : (flags.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY),
    onCheckpoint: (checkpoint) => writeCheckpoint(out!, checkpoint),
    exactFinal: true,
  });
  progress.finish();
  todo.trained = true;
  const allocation = allocationOf(record, registry);

  if (out !== undefined) {
    const files: Record<string, string> = {
      ...savedRunFiles(settings, record.curve, record.memory),
      'run.json': `${toJson(runSummary(record, startedAt), 2)}\n`,
    };
    if (allocation !== null) {
      files['allocation.csv'] = toCsv(
        ['state', 'rewardDifference', 'sigma', 'dPrime'],
        allocation.map((c) => [c.state, c.rewardDifference, c.sigma, c.dPrime]),
      );
    }
    writeRunDirectory(out, files, replaces);
    removeInProgress(out);
  }
  const summary = humanSummary(record, allocation, out);
  if (flags.json) {
    process.stdout.write(`${toJson(jsonResult(record, allocation))}\n`);
    process.stderr.write(summary);
  } else {
    process.stdout.write(summary);
  }
}

/** Choice importance of the trained memories, for environments with a tabular model; else null. */
function allocationOf(record: RunRecord, registry: EnvironmentRegistry): ChoiceImportance[] | null {
  const environment = registry.create(record.settings.env, withoutNulls(record.settings.envOptions));
  if (environment.model === undefined) return null;
  const gamma = Number.isFinite(environment.model.horizon) ? 1 : record.settings.gamma;
  return choiceImportance(environment.model, MemoryTable.fromRows(record.memory), gamma);
}

/** The `--json` object: deterministic for a seed except `seconds`. */
export function jsonResult(record: RunRecord, allocation: ChoiceImportance[] | null): Record<string, unknown> {
  return {
    objective: record.final.objective,
    return: record.final.return,
    memoryCost: record.final.memoryCost,
    actionEntropy: record.final.actionEntropy,
    episodes: record.settings.episodes,
    seed: record.settings.seed,
    steps: record.steps.total,
    stepsByPhase: { learning: record.steps.learning, gradient: record.steps.gradient, evaluation: record.steps.evaluation },
    seconds: record.seconds,
    exactFinal: record.exactFinal ?? null,
    config: record.settings,
    curve: record.curve.map((p) => ({
      episode: p.episode,
      objective: p.objective,
      return: p.return,
      memoryCost: p.memoryCost,
      actionEntropy: p.actionEntropy,
    })),
    ...(allocation === null ? {} : { allocation }),
  };
}

function runSummary(record: RunRecord, startedAt: string): Record<string, unknown> {
  return {
    status: 'completed',
    seed: record.settings.seed,
    startedAt,
    finishedAt: new Date().toISOString(),
    seconds: record.seconds,
    steps: record.steps,
    kernel: record.kernel,
    final: record.final,
    exactFinal: record.exactFinal ?? null,
    packages: packageVersions(),
    node: process.version,
  };
}

/** Largest allocation table printed in the human summary (all rows always go to --json and allocation.csv). */
const PRINTED_ALLOCATION_ROWS = 24;

function humanSummary(record: RunRecord, allocation: ChoiceImportance[] | null, out: string | undefined): string {
  const s = record.settings;
  const f = record.final;
  const lines = [
    `${s.env}: ${s.objective} objective, estimator ${s.estimator}, ${s.sigmaStep} sigma step, ${s.episodes} episodes, seed ${s.seed}`,
    `objective ${f.objective.toFixed(3)} = return ${f.return.toFixed(3)} - memory cost ${f.memoryCost.toFixed(3)}` +
      (s.objective === 'dra' ? '' : ` + entropy bonus ${(f.objective - f.return + f.memoryCost).toFixed(3)}`) +
      ` (mean of the last ${Math.min(3, record.curve.length)} evaluations)`,
    `action entropy ${f.actionEntropy.toFixed(3)} nats per episode`,
    ...(record.exactFinal
      ? [`exact value of the final memory ${record.exactFinal.objective.toFixed(3)} = return ${record.exactFinal.return.toFixed(3)} - memory cost ${record.exactFinal.memoryCost.toFixed(3)}` +
          (s.objective === 'dra' ? '' : ` + entropy bonus ${(record.exactFinal.objective - record.exactFinal.return + record.exactFinal.memoryCost).toFixed(3)}`)]
      : []),
    `${record.steps.total} environment steps in ${record.seconds.toFixed(2)} s (${(record.steps.total / record.seconds / 1e6).toFixed(2)} M steps/s)`,
  ];
  if (allocation !== null && allocation.length > 0) {
    const rho = spearman(allocation.map((c) => c.rewardDifference), allocation.map((c) => c.sigma));
    lines.push(`precision allocation: Spearman correlation of reward difference and sigma ${Number.isNaN(rho) ? 'n/a' : rho.toFixed(2)} over ${allocation.length} states (negative: choices that matter more are remembered more precisely)`);
    if (allocation.length <= PRINTED_ALLOCATION_ROWS) {
      lines.push('  state  reward difference  mean sigma     d\'');
      for (const c of [...allocation].sort((a, b) => b.rewardDifference - a.rewardDifference)) {
        lines.push(`  ${String(c.state).padStart(5)}  ${c.rewardDifference.toFixed(1).padStart(17)}  ${c.sigma.toFixed(2).padStart(10)}  ${c.dPrime.toFixed(2).padStart(5)}`);
      }
    }
  }
  if (out !== undefined) lines.push(`run directory: ${out}`);
  return `${lines.join('\n')}\n`;
}

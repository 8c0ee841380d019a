import { existsSync } from 'node:fs';
import { runExperiment, SETTING_NAMES, withoutNulls, type RunRecord, type RunSettings, type TrainingCheckpoint } from '@dra/agent';
import { choiceImportance, spearman, type ChoiceImportance } from '@dra/experiments';
import { BadInputError, EnvironmentFaultError, MemoryTable, systemFailureOf, type Environment } from '@dra/core';
import type { Command } from 'commander';
import { ConfigFile } from '../config/config-file.js';
import { resolveRunSettings, type RunFlags } from '../config/resolve-run-settings.js';
import { acquireDirectoryLock } from '../directory-lock.js';
import { addEnvironmentOptionFlags } from '../environment-flags.js';
import { withHint } from '../error-hint.js';
import { toCsv, toJson } from '../json-output.js';
import { packageVersions } from '../package-versions.js';
import { flagName, pathValue, wholeNumber } from '../parse-flag.js';
import { ProgressReporter } from '../progress.js';
import type { Toolkit } from '../toolkit.js';
import { checkRunDirectory, writeRunDirectory } from '../run-directory.js';
import { abandonInProgress, finishedStart, inProgressDirectory, readInterruptedRun, removeInProgress, startInProgress, writeCheckpoint } from '../run-checkpoint.js';
import { savedRunFiles } from '../saved-run.js';
import { addSettingFlags, objectiveFlagUse } from '../setting-flags.js';
import { valueText } from '../value-text.js';
import { exactTimeLimitNote } from '../exact-notes.js';
import { inputFileDigests, type InputFileDigest } from '../input-file-digests.js';
import { UsageError } from '../usage-error.js';

export function registerRunCommand(program: Command, toolkit: Toolkit): void {
  const registry = toolkit.environments;
  const command = program
    .command('run')
    .description("train the DRA agent on a task (the environment's paper settings by default) and report its objective")
    .option('--env <id>', `environment: ${registry.ids().join(', ')} (default: the config file's, else maze)`)
    .option('--config <file>', 'a YAML or JSON file of settings (defaults < file < flags)', pathValue);
  addEnvironmentOptionFlags(command, registry);
  addSettingFlags(command, SETTING_NAMES, { objective: objectiveFlagUse(toolkit.objectives) });
  command
    .option('--out <dir>', 'write a run directory (config.json, run.json, curve.csv, memory.json, allocation.csv for tabular tasks)', pathValue)
    .option('--force', 'replace an existing --out directory')
    .option('--checkpoint-every <n>', `with --out: save the training state every n episodes, for --resume (default ${DEFAULT_CHECKPOINT_EVERY}; 0: never)`, wholeNumber)
    .option('--resume <dir>', 'finish a run that was given --out <dir> and stopped (even by kill -9): same settings, from its last checkpoint', pathValue)
    .option('--json', 'print one JSON object with the results on stdout')
    .action((flags: RunFlags) => runCommand(flags, toolkit));
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

function runToDo(flags: RunFlags, { environments: registry, objectives }: Toolkit): RunToDo {
  if (flags.resume !== undefined) {
    const extra = Object.keys(flags).filter((key) => flags[key] !== undefined && !RESUME_FLAGS.has(key));
    if (extra.length > 0) throw new UsageError(`--resume takes the settings of the run it finishes; drop ${extra.map((key) => (key === 'out' ? '--out' : flagName(key))).join(', ')}`);
    acquireDirectoryLock(flags.resume, `dra run --resume ${flags.resume}`);
    const run = readInterruptedRun(flags.resume, registry, objectives);
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
  const settings = resolveRunSettings(flags, registry, config, objectives);
  if (flags.out !== undefined) {
    checkRunDirectory(flags.out, Boolean(flags.force));
    acquireDirectoryLock(flags.out, `dra run --out ${flags.out}${flags.force ? ' --force' : ''}`);
    checkRunDirectory(flags.out, Boolean(flags.force)); // again, now that no other dra process can change it
  }
  const startedAt = new Date().toISOString();
  if (flags.out !== undefined) startInProgress(flags.out, settings, startedAt, Boolean(flags.force));
  return { settings, out: flags.out, startedAt, replaces: Boolean(flags.force) };
}

function runCommand(flags: RunFlags, toolkit: Toolkit): void {
  const todo = runToDo(flags, toolkit);
  try {
    finishRun(flags, toolkit, todo);
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

function finishRun(flags: RunFlags, { environments: registry, objectives }: Toolkit, todo: RunToDo): void {
  const { settings, out, startedAt, replaces, resume } = todo;
  // The digests of the files the task was read from, taken before training (run.json keeps them).
  const inputFiles = inputFileDigests(registry, settings);
  const progress = new ProgressReporter();
  const record = runExperiment(settings, {
    registry,
    objectives,
    onProgress: progress.onProgress,
    resume,
    checkpointEvery: out === undefined ? 0 : (flags.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY),
    onCheckpoint: (checkpoint) => writeCheckpoint(out!, checkpoint),
    exactFinal: true,
  });
  progress.finish();
  todo.trained = true;
  // Built once after training: for the allocation table and the exact value's time-limit note.
  const environment = registry.create(record.settings.env, withoutNulls(record.settings.envOptions));
  const allocation = allocationOf(record, environment);

  if (out !== undefined) {
    const files: Record<string, string> = {
      ...savedRunFiles(settings, record.curve, record.memory),
      'run.json': `${toJson(runSummary(record, startedAt, inputFiles), 2)}\n`,
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
  const warning = finalWarning(record);
  if (warning !== null) process.stderr.write(warning);
  const note = record.exactFinal === undefined ? null : exactTimeLimitNote(environment);
  if (note !== null) process.stderr.write(note);
}

/** Choice importance of the trained memories, for environments with a tabular model; else null. */
function allocationOf(record: RunRecord, environment: Environment): ChoiceImportance[] | null {
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
    finalEpisodes: record.finalEpisodes,
    last: record.last,
    steps: record.steps.total,
    stepsByPhase: { learning: record.steps.learning, gradient: record.steps.gradient, evaluation: record.steps.evaluation },
    seconds: record.seconds,
    stepsPerSecond: stepsThisPart(record) / record.seconds,
    resumedFrom: record.resumedFrom,
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

function runSummary(record: RunRecord, startedAt: string, inputFiles: Record<string, InputFileDigest>): Record<string, unknown> {
  return {
    status: 'completed',
    seed: record.settings.seed,
    startedAt,
    finishedAt: new Date().toISOString(),
    seconds: record.seconds,
    steps: record.steps,
    stepsPerSecond: stepsThisPart(record) / record.seconds,
    resumedFrom: record.resumedFrom,
    kernel: record.kernel,
    final: record.final,
    finalEpisodes: record.finalEpisodes,
    last: record.last,
    exactFinal: record.exactFinal ?? null,
    inputFiles,
    packages: packageVersions(),
    node: process.version,
  };
}

/** Environment steps this process simulated: all of them, or those after the checkpoint a resumed run started from. */
function stepsThisPart(record: RunRecord): number {
  return record.steps.total - (record.resumedFrom?.steps.total ?? 0);
}

function stepsLine(record: RunRecord): string {
  const rate = `${(stepsThisPart(record) / record.seconds / 1e6).toFixed(2)} M steps/s`;
  if (record.resumedFrom === null) return `${record.steps.total} environment steps in ${record.seconds.toFixed(2)} s (${rate})`;
  const from = record.resumedFrom.episode;
  return `${stepsThisPart(record)} environment steps in ${record.seconds.toFixed(2)} s (${rate}), resumed at episode ${from} (episodes ${from} to ${record.settings.episodes - 1}); ${record.steps.total} in the whole run`;
}

/** A warning when `final` averages the evaluation at episode 0, taken after a single episode. */
export function finalWarning(record: RunRecord): string | null {
  if (!record.finalEpisodes.includes(0)) return null;
  const which =
    record.finalEpisodes.length === 1
      ? 'is the evaluation at episode 0 (after a single episode)'
      : `averages the evaluations at episodes ${record.finalEpisodes.join(', ')}, including episode 0 (after a single episode)`;
  return (
    `warning: the final objective ${which}; ` +
    `read the value after the last episode, train for more than ${3 * record.settings.evalEvery} episodes, or evaluate more often (--eval-every)\n`
  );
}

/** Largest allocation table printed in the human summary (all rows always go to --json and allocation.csv). */
const PRINTED_ALLOCATION_ROWS = 24;

function humanSummary(record: RunRecord, allocation: ChoiceImportance[] | null, out: string | undefined): string {
  const s = record.settings;
  const f = record.final;
  const lines = [
    `${s.env}: ${s.objective} objective, estimator ${s.estimator}, ${s.sigmaStep} sigma step, ${s.episodes} episodes, seed ${s.seed}`,
    `objective ${valueText(s.objective, f)} (final: mean of the evaluations at episodes ${record.finalEpisodes.join(', ')})`,
    `action entropy ${f.actionEntropy.toFixed(3)} nats per episode`,
    `after the last episode (${record.last.episode}): objective ${valueText(s.objective, record.last)} (${record.last.rollouts} rollouts)`,
    ...(record.exactFinal
      ? [`exact value of the final memory ${valueText(s.objective, record.exactFinal)}`]
      : record.exactFinalSkipped !== undefined
        ? [`exact value of the final memory: not computed (${record.exactFinalSkipped})`]
        : []),
    stepsLine(record),
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

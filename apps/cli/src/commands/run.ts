import {
  defaultSettings,
  ENVIRONMENT_IDS,
  OBJECTIVE_IDS,
  runExperiment,
  validateRunSettings,
  type RunRecord,
  type RunSettings,
} from '@dra/agent';
import { ESTIMATOR_IDS } from '@dra/objectives';
import type { Command } from 'commander';
import { toCsv, toJson } from '../json-output.js';
import { packageVersions } from '../package-versions.js';
import { finiteNumber, flagName, oneOf, wholeNumber } from '../parse-flag.js';
import { ProgressReporter } from '../progress.js';
import { checkRunDirectory, writeRunDirectory } from '../run-directory.js';
import { UsageError } from '../usage-error.js';

interface RunFlags extends Partial<RunSettings> {
  out?: string;
  force?: boolean;
  json?: boolean;
}

const SETTING_FLAGS: [keyof RunSettings, string, (v: string) => unknown, string][] = [
  ['objective', '--objective <id>', oneOf(OBJECTIVE_IDS), 'objective (dra)'],
  ['estimator', '--estimator <id>', oneOf(ESTIMATOR_IDS), "sigma-gradient estimator: A, Q, R or causal (maze default 'A')"],
  ['episodes', '--episodes <n>', wholeNumber, 'training episodes (maze default 5000)'],
  ['seed', '--seed <n>', wholeNumber, 'random seed (default 1)'],
  ['lambda', '--lambda <x>', finiteNumber, 'memory-cost weight lambda >= 0 (maze default 0.1)'],
  ['beta', '--beta <x>', finiteNumber, 'inverse temperature beta > 0 (maze default 10)'],
  ['sigma0', '--sigma0 <x>', finiteNumber, 'initial sigma > 0 (maze default 3)'],
  ['sigmaBase', '--sigma-base <x>', finiteNumber, 'sigma of the base distribution (maze default 5)'],
  ['sigmaMin', '--sigma-min <x>', finiteNumber, 'lower clip of sigma (maze default 0.01)'],
  ['sigmaMax', '--sigma-max <x>', finiteNumber, 'upper clip of sigma (maze default 100)'],
  ['qInit', '--q-init <x>', finiteNumber, 'initial q (maze default 0)'],
  ['gamma', '--gamma <x>', finiteNumber, 'discount of the q update (maze default 0.9)'],
  ['alphaQ', '--alpha-q <x>', finiteNumber, 'learning rate of q (maze default 0.1)'],
  ['alphaSigma', '--alpha-sigma <x>', finiteNumber, 'learning rate of sigma (maze default 0.1)'],
  ['nTraj', '--n-traj <n>', wholeNumber, 'gradient rollouts per sigma update (maze default 10)'],
  ['evalEvery', '--eval-every <n>', wholeNumber, 'evaluate after every n-th episode (default 100)'],
  ['evalRollouts', '--eval-rollouts <n>', wholeNumber, 'rollouts per evaluation (default 100)'],
  ['switchAt', '--switch-at <episode>', wholeNumber, "maze: move the goal at this episode (the paper's switch is 3000)"],
];

/** Merges flags over the environment's paper defaults and validates; errors name the flag and value. */
export function resolveRunSettings(flags: RunFlags): RunSettings {
  const env = flags.env ?? 'maze';
  const settings: RunSettings = { ...defaultSettings(env) };
  for (const [field] of SETTING_FLAGS) {
    if (flags[field] !== undefined) (settings as unknown as Record<string, unknown>)[field] = flags[field];
  }
  const problems = validateRunSettings(settings);
  if (problems.length > 0) {
    throw new UsageError(
      problems.map((p) => `${flagName(p.field)} must be ${p.expected.replace(/\b(sigmaMin|sigmaMax)\b/g, (f) => flagName(f))}, got ${String(p.value)}`).join('\n'),
    );
  }
  return settings;
}

export function registerRunCommand(program: Command): void {
  const command = program
    .command('run')
    .description("train the DRA agent on a task (the paper's settings by default) and report its objective")
    .option('--env <id>', `environment: ${ENVIRONMENT_IDS.join(', ')}`, oneOf(ENVIRONMENT_IDS), 'maze');
  for (const [, flag, parse, help] of SETTING_FLAGS) command.option(flag, help, parse);
  command
    .option('--out <dir>', 'write a run directory (config.json, run.json, curve.csv, memory.json)')
    .option('--force', 'replace an existing --out directory')
    .option('--json', 'print one JSON object with the results on stdout')
    .action((flags: RunFlags) => runCommand(flags));
}

function runCommand(flags: RunFlags): void {
  const settings = resolveRunSettings(flags);
  if (flags.out !== undefined) checkRunDirectory(flags.out, Boolean(flags.force));
  const startedAt = new Date().toISOString();
  const progress = new ProgressReporter();
  const record = runExperiment(settings, progress.onProgress);
  progress.finish();

  if (flags.out !== undefined) {
    writeRunDirectory(
      flags.out,
      {
        'config.json': `${toJson(settings, 2)}\n`,
        'run.json': `${toJson(runSummary(record, startedAt), 2)}\n`,
        'curve.csv': toCsv(
          ['episode', 'objective', 'return', 'memoryCost', 'actionEntropy'],
          record.curve.map((p) => [p.episode, p.objective, p.return, p.memoryCost, p.actionEntropy]),
        ),
        'memory.json': `${toJson(record.memory)}\n`,
      },
      Boolean(flags.force),
    );
  }
  const summary = humanSummary(record, flags.out);
  if (flags.json) {
    process.stdout.write(`${toJson(jsonResult(record))}\n`);
    process.stderr.write(summary);
  } else {
    process.stdout.write(summary);
  }
}

/** The `--json` object: deterministic for a seed except `seconds`. */
export function jsonResult(record: RunRecord): Record<string, unknown> {
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
    config: record.settings,
    curve: record.curve.map((p) => ({
      episode: p.episode,
      objective: p.objective,
      return: p.return,
      memoryCost: p.memoryCost,
      actionEntropy: p.actionEntropy,
    })),
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
    final: record.final,
    packages: packageVersions(),
    node: process.version,
  };
}

function humanSummary(record: RunRecord, out: string | undefined): string {
  const s = record.settings;
  const f = record.final;
  const lines = [
    `${s.env}: ${s.objective} objective, estimator ${s.estimator}, ${s.episodes} episodes, seed ${s.seed}`,
    `objective ${f.objective.toFixed(3)} = return ${f.return.toFixed(3)} - memory cost ${f.memoryCost.toFixed(3)} (mean of the last ${Math.min(3, record.curve.length)} evaluations)`,
    `action entropy ${f.actionEntropy.toFixed(3)} nats per episode`,
    `${record.steps.total} environment steps in ${record.seconds.toFixed(2)} s (${(record.steps.total / record.seconds / 1e6).toFixed(2)} M steps/s)`,
  ];
  if (out !== undefined) lines.push(`run directory: ${out}`);
  return `${lines.join('\n')}\n`;
}

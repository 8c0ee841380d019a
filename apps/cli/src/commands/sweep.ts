import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { addPluginFlag } from '../environment-flags.js';
import { toJson } from '../json-output.js';
import { pathValue, wholeNumber } from '../parse-flag.js';
import type { Toolkit } from '../toolkit.js';
import { inShard, shardLabel, shardValue, type Shard } from '../sweep/shard.js';
import { readManifest } from '../sweep/sweep-directory.js';
import { mergeSweepInPlace } from '../sweep/sweep-merge.js';
import { workAndComplete, type SweepRunSummary } from '../sweep/sweep-runner.js';
import { statusText, sweepStatus } from '../sweep/sweep-status.js';
import { failureExitCode } from '../sweep/failed-cells.js';
import { ReportedFailure } from '../reported-failure.js';
import { UsageError } from '../usage-error.js';
import { registerSweepSlurmCommand } from './sweep-slurm.js';
import { DEFAULT_LEASE_SECONDS, layOut, leaseValue, readSweepConfig } from './sweep-common.js';

interface SweepFlags {
  out?: string;
  threads: number;
  lease: number;
  shard?: Shard;
  resume?: boolean;
  dryRun?: boolean;
  layoutOnly?: boolean;
  plugin?: string[];
}

export function registerSweepCommand(program: Command, toolkit: Toolkit): void {
  const command = program
    .command('sweep')
    .description(
      'run a grid of settings (a YAML or JSON config), one file per finished cell; any number of workers (dra sweep work) can share a sweep directory, on one machine or many',
    )
    .argument('<config>', 'sweep config: task, seed, replicates, fixed settings and a grid of values', pathValue)
    .option('--out <dir>', 'sweep directory (sweep.json, plan.jsonl, cells/, and results.csv + results.jsonl once complete); required', pathValue)
    .option('--threads <n>', 'worker threads of this process (default: all cores)', wholeNumber, availableParallelism())
    .option('--shard <i/n|auto>', 'run only share i of n of the cells (1 <= i <= n) in a directory of its own, for schedulers without shared storage; auto: the task of a SLURM job array (0- or 1-based)', shardValue)
    .option('--resume', 'go on with the sweep laid out in --out (the same as dra sweep work DIR)')
    .option('--lease <seconds>', 'lease of each claimed cell in seconds, renewed while it runs; a cell whose lease runs out is claimed again by another worker', leaseValue, DEFAULT_LEASE_SECONDS)
    .option('--dry-run', 'check the config and list the cells without running them')
    .option('--layout-only', 'lay the sweep out in --out and stop: start its workers with dra sweep work DIR');
  addPluginFlag(command);
  command.action((config: string, flags: SweepFlags) => sweepCommand(config, flags, toolkit));

  command
    .command('work')
    .description('work on a laid-out sweep: claim its cells one at a time until none is left (start as many as you like, anywhere the directory is seen; kill and restart them freely)')
    .argument('<dir>', 'sweep directory (dra sweep CONFIG --out DIR, or dra sweep slurm)', pathValue)
    .option('--threads <n>', 'cells run at once by this worker (default: all cores)', wholeNumber, availableParallelism())
    .option('--lease <seconds>', 'lease of each claimed cell in seconds', leaseValue, DEFAULT_LEASE_SECONDS)
    .option('--retry-failed', 'run again the cells recorded as failed')
    .option('--no-merge', 'leave the results to dra sweep merge (job arrays merge in a job of their own)')
    .action((dir: string, flags: { threads: number; lease: number; retryFailed?: boolean; merge: boolean }) => workCommand(dir, flags));

  command
    .command('status')
    .description('cells done, running (worker host and lease age), failed (with their error) and remaining, with an estimate of the time left')
    .argument('<dir>', 'sweep directory', pathValue)
    .option('--json', 'print the status as JSON')
    .action((dir: string, flags: { json?: boolean }) => {
      const status = sweepStatus(dir);
      process.stdout.write(flags.json ? `${toJson(status, 2)}\n` : statusText(status));
    });

  command
    .command('merge')
    .description("write a finished sweep's results.csv and results.jsonl into its directory (shards of separate directories: dra merge)")
    .argument('<dir>', 'sweep directory', pathValue)
    .option('--allow-failed', 'complete the sweep without its failed cells (listed in failed.jsonl)')
    .action((dir: string, flags: { allowFailed?: boolean }) => {
      const merged = mergeSweepInPlace(dir, Boolean(flags.allowFailed));
      const without = merged.failed.length > 0 ? ` (without ${merged.failed.length} failed, listed in ${dir}/failed.jsonl)` : '';
      process.stdout.write(`${merged.cells.length} cells${without}: ${dir}/results.csv and results.jsonl\n`);
    });

  registerSweepSlurmCommand(command, toolkit);
  for (const sub of command.commands) sub.exitOverride().showSuggestionAfterError(true);
  // `dra sweep --threads 1 work DIR` would set the sweep's --threads, not the worker's: refuse it.
  command.hook('preSubcommand', (sweep, sub) => {
    const given = sweep.options.filter((option) => sweep.getOptionValueSource(option.attributeName()) === 'cli').map((option) => option.long);
    if (given.length > 0) throw new UsageError(`${given.join(', ')} given before '${sub.name()}': put the options of dra sweep ${sub.name()} after it (dra sweep ${sub.name()} --help)`);
  });
}

async function sweepCommand(configPath: string, flags: SweepFlags, toolkit: Toolkit): Promise<void> {
  if (flags.threads < 1) throw new UsageError(`--threads must be a whole number >= 1, got ${flags.threads}`);
  const sweep = readSweepConfig(configPath, toolkit);
  const shard = flags.shard ?? null;
  if (flags.dryRun) {
    for (const cell of sweep.cells.filter((c) => inShard(c.index, shard))) {
      process.stdout.write(`${cell.id}\t${JSON.stringify({ ...cell.parameters, replicate: cell.replicate, seed: cell.settings.seed })}\n`);
    }
    process.stdout.write(`${sweep.cells.length} cells, config hash ${sweep.configHash.slice(0, 12)}\n`);
    return;
  }
  if (flags.out === undefined) throw new UsageError("required option '--out <dir>' not specified");
  const manifest = layOut(sweep, flags.out, { shard, resume: Boolean(flags.resume), toolkit, command: `dra sweep ${configPath} --out ${flags.out}` });
  if (flags.layoutOnly) {
    process.stdout.write(`${manifest.cellCount} cells laid out in ${flags.out}; start workers with: dra sweep work ${flags.out}\n`);
    return;
  }
  const summary = await workAndComplete(flags.out, manifest, { threads: flags.threads, leaseSeconds: flags.lease, onCell: progressLine() });
  reportWork(flags.out, summary, flags.threads, shardLabel(shard), sweep.cells.length);
}

async function workCommand(dir: string, flags: { threads: number; lease: number; retryFailed?: boolean; merge: boolean }): Promise<void> {
  if (flags.threads < 1) throw new UsageError(`--threads must be a whole number >= 1, got ${flags.threads}`);
  const manifest = readManifest(dir);
  const summary = await workAndComplete(dir, manifest, { threads: flags.threads, leaseSeconds: flags.lease, retryFailed: flags.retryFailed, merge: flags.merge, onCell: progressLine() });
  reportWork(dir, summary, flags.threads, manifest.shard, manifest.cellCount, !flags.merge);
}

/** Progress on stderr: one rewritten line on a terminal, a line every 5 s (and at the end) in a log. */
function progressLine(): (settled: number, total: number) => void {
  const interactive = process.stderr.isTTY === true;
  let lastLine = 0;
  let finished = false;
  process.once('beforeExit', () => {
    if (interactive && lastLine > 0 && !finished) process.stderr.write('\n');
  });
  return (settled, total) => {
    const now = Date.now();
    if (interactive) {
      process.stderr.write(`\rsweep: ${settled}/${total} cells`);
      lastLine = now;
      if (settled === total && !finished) {
        finished = true;
        process.stderr.write('\n');
      }
    } else if (settled === total || now - lastLine > 5000) {
      process.stderr.write(`sweep: ${settled}/${total} cells\n`);
      lastLine = now;
    }
  };
}

function reportWork(dir: string, summary: SweepRunSummary, threads: number, shard: string | null, cellCount: number, noMerge = false): void {
  // A worker returns only when every cell of its share is settled: the rest were settled by other workers.
  const others = summary.cells - summary.kept - summary.ran - summary.failed.length;
  const parts = [`${summary.ran} run`, `${summary.kept} already done`];
  if (others > 0) parts.push(`${others} by other workers`);
  if (summary.failed.length > 0) parts.push(`${summary.failed.length} failed`);
  const lines = [`${summary.cells} cells${shard ? ` (shard ${shard} of ${cellCount})` : ''}: ${parts.join(', ')}, in ${summary.seconds.toFixed(2)} s on ${threads} thread${threads === 1 ? '' : 's'}`];
  if (summary.complete) lines.push(`results: ${dir}/results.csv and results.jsonl`);
  else if (summary.failedCells.length === 0 && shard !== null) lines.push('shard done; join the shards with: dra merge DIR... --out DIR');
  else if (summary.failedCells.length === 0 && noMerge) lines.push(`every cell is done: dra sweep merge ${dir}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  const failed = summary.failedCells;
  if (failed.length === 0) return;
  const them = failed.length === 1 ? 'it' : 'them';
  process.stderr.write(
    failed.slice(0, 20).map((f) => `dra: ${f.id} failed: ${f.error.split('\n')[0]}\n`).join('') +
      `dra: ${failed.length} cell${failed.length === 1 ? '' : 's'} failed: run ${them} again with dra sweep work ${dir} --retry-failed, or complete the sweep without ${them}: dra sweep merge ${dir} --allow-failed\n`,
  );
  throw new ReportedFailure(`${failed.length} cells failed`, failureExitCode(failed));
}

import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { addPluginFlag } from '../environment-flags.js';
import { ConfigFile } from '../config/config-file.js';
import { acquireDirectoryLock } from '../directory-lock.js';
import { pathValue, wholeNumber } from '../parse-flag.js';
import type { Toolkit } from '../toolkit.js';
import { shardLabel, shardValue, type Shard } from '../sweep/shard.js';
import { resolveSweep } from '../sweep/sweep-config.js';
import { runSweep } from '../sweep/sweep-runner.js';
import { UsageError } from '../usage-error.js';

interface SweepFlags {
  out: string;
  threads: number;
  shard?: Shard;
  resume?: boolean;
  dryRun?: boolean;
  plugin?: string[];
}

export function registerSweepCommand(program: Command, toolkit: Toolkit): void {
  const command = program
    .command('sweep')
    .description('run a grid of settings (a YAML or JSON config) on worker threads, one file per finished cell; resumable and shardable')
    .argument('<config>', 'sweep config: task, seed, replicates, fixed settings and a grid of values', pathValue)
    .requiredOption('--out <dir>', 'sweep directory (sweep.json, cells/, and results.csv + results.jsonl once complete)', pathValue)
    .option('--threads <n>', 'worker threads (default: all cores)', wholeNumber, availableParallelism())
    .option('--shard <i/n>', 'run only share i of n of the cells (1 <= i <= n), e.g. "$SLURM_ARRAY_TASK_ID/8"', shardValue)
    .option('--resume', 'finish a sweep begun in --out, running only its missing cells')
    .option('--dry-run', 'check the config and list the cells without running them');
  addPluginFlag(command);
  command.action((config: string, flags: SweepFlags) => sweepCommand(config, flags, toolkit));
}

async function sweepCommand(configPath: string, flags: SweepFlags, toolkit: Toolkit): Promise<void> {
  if (flags.threads < 1) throw new UsageError(`--threads must be a whole number >= 1, got ${flags.threads}`);
  const sweep = resolveSweep(ConfigFile.read(configPath, 'sweep config'), toolkit.environments, toolkit.objectives);
  const shard = flags.shard ?? null;
  if (flags.dryRun) {
    for (const cell of sweep.cells) {
      process.stdout.write(`${cell.id}\t${JSON.stringify({ ...cell.parameters, replicate: cell.replicate, seed: cell.settings.seed })}\n`);
    }
    process.stdout.write(`${sweep.cells.length} cells, config hash ${sweep.configHash.slice(0, 12)}\n`);
    return;
  }
  acquireDirectoryLock(flags.out, `dra sweep ${configPath} --out ${flags.out}${flags.resume ? ' --resume' : ''}`);
  const interactive = process.stderr.isTTY === true;
  let lastLine = 0;
  const summary = await runSweep({
    sweep,
    out: flags.out,
    shard,
    threads: flags.threads,
    resume: Boolean(flags.resume),
    plugins: toolkit.pluginPaths,
    onCell: (done, total) => {
      const now = Date.now();
      if (interactive) process.stderr.write(`\rsweep: ${done}/${total} cells`);
      else if (done === total || now - lastLine > 5000) {
        process.stderr.write(`sweep: ${done}/${total} cells\n`);
        lastLine = now;
      }
    },
  });
  if (interactive) process.stderr.write('\n');
  const label = shardLabel(shard);
  process.stdout.write(
    [
      `${summary.cells} cells${label ? ` (shard ${label} of ${sweep.cells.length})` : ''}: ${summary.ran} run, ${summary.kept} already done, in ${summary.seconds.toFixed(2)} s on ${flags.threads} thread${flags.threads === 1 ? '' : 's'}`,
      summary.complete ? `results: ${flags.out}/results.csv and results.jsonl` : `shard done; join the shards with: dra merge DIR... --out DIR`,
    ].join('\n') + '\n',
  );
}

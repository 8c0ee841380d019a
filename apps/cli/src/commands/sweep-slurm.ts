import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomically } from '../atomic-file.js';
import { addPluginFlag } from '../environment-flags.js';
import { INPUT_LIMITS, readInputFile } from '../input-file.js';
import { oneOf, pathValue, wholeNumber } from '../parse-flag.js';
import { JOBS_FOLDER, logOptions, shellScript, shellWord, slurmScripts, type JobScriptOptions } from '../sweep/job-scripts.js';
import type { Toolkit } from '../toolkit.js';
import { UsageError } from '../usage-error.js';
import { DEFAULT_LEASE_SECONDS, layOut, leaseValue, readSweepConfig } from './sweep-common.js';

interface SlurmFlags {
  out: string;
  workers: number;
  threads: number;
  lease: number;
  partition?: string;
  time?: string;
  cpusPerTask?: number;
  mem?: string;
  sbatchLines?: string;
  mergeAfter: 'any' | 'ok';
  submit?: boolean;
  resume?: boolean;
}

/** `#SBATCH` options the scripts or their submission set, which a template must leave alone: long forms (sbatch takes any unambiguous prefix of them) and short ones. */
const OWN_LONG_OPTIONS = ['--array', '--output', '--job-name', '--dependency'];
const OWN_SHORT_OPTIONS = ['-a', '-o', '-J', '-d'];

export function registerSweepSlurmCommand(sweep: Command, toolkit: Toolkit): void {
  const command = sweep
    .command('slurm')
    .description('lay out a sweep and write its job scripts into DIR/jobs: a SLURM array of workers and a merge job after it (and the same as plain shell lines); --submit submits them')
    .argument('<config>', 'sweep config', pathValue)
    .requiredOption('--out <dir>', 'sweep directory, on a file system every node sees', pathValue)
    .option('--workers <n>', 'worker tasks in the job array', wholeNumber, 4)
    .option('--threads <n>', 'cells each worker runs at once (its worker threads)', wholeNumber, 1)
    .option('--lease <seconds>', 'lease of each claimed cell in seconds', leaseValue, DEFAULT_LEASE_SECONDS)
    .option('--partition <name>', 'SLURM partition of the jobs')
    .option('--time <limit>', 'wall-time limit of each worker task, as sbatch takes it (e.g. 2:00:00)')
    .option('--cpus-per-task <n>', 'CPUs of each worker task (default: --threads)', wholeNumber)
    .option('--mem <size>', 'memory of each worker task, as sbatch takes it (e.g. 4G)')
    .option('--sbatch-lines <file>', 'further #SBATCH lines for both scripts (an account, a QOS, modules to load are not #SBATCH lines: edit the scripts)', pathValue)
    .option('--merge-after <when>', "start the merge job after the array has ended in any state ('any': the default; a cancelled worker's cells are taken over by the others) or only when every task succeeded ('ok'; else the merge job is cancelled)", oneOf(['any', 'ok'] as const), 'any')
    .option('--resume', 'write the scripts for the sweep already laid out in --out')
    .option('--submit', 'submit the scripts with sbatch and print the job ids');
  addPluginFlag(command);
  command.action((config: string, flags: SlurmFlags) => slurmCommand(config, flags, toolkit));
}

function slurmCommand(configPath: string, flags: SlurmFlags, toolkit: Toolkit): void {
  for (const [flag, value] of [['--workers', flags.workers], ['--threads', flags.threads], ['--cpus-per-task', flags.cpusPerTask]] as const) {
    if (value !== undefined && value < 1) throw new UsageError(`${flag} must be a whole number >= 1, got ${value}`);
  }
  for (const [flag, value] of [['--partition', flags.partition], ['--time', flags.time], ['--mem', flags.mem]] as const) {
    if (value !== undefined && !/^[A-Za-z0-9_.,:+=@%-]+$/.test(value)) throw new UsageError(`${flag} must be one word (letters, digits and _.,:+=@%-), got '${value}'`);
  }
  const extraLines = flags.sbatchLines === undefined ? [] : templateLines(flags.sbatchLines);
  const sweep = readSweepConfig(configPath, toolkit);
  const dir = resolve(flags.out);
  const manifest = layOut(sweep, dir, { shard: null, resume: Boolean(flags.resume), toolkit, command: `dra sweep slurm ${configPath} --out ${flags.out}` });
  const options: JobScriptOptions = {
    dir,
    name: manifest.configHash.slice(0, 8),
    workers: flags.workers,
    threads: flags.threads,
    leaseSeconds: flags.lease,
    dra: [process.execPath, realpathSync(process.argv[1]!)],
    partition: flags.partition,
    time: flags.time,
    cpusPerTask: flags.cpusPerTask,
    mem: flags.mem,
    extraLines,
    mergeAfter: flags.mergeAfter,
  };
  const jobs = join(dir, JOBS_FOLDER);
  mkdirSync(join(jobs, 'logs'), { recursive: true });
  const files = { ...slurmScripts(options), 'run-workers.sh': shellScript(options) };
  for (const [name, text] of Object.entries(files)) {
    writeFileAtomically(join(jobs, name), text);
    chmodSync(join(jobs, name), 0o755);
  }
  const lines = [
    `${manifest.cellCount} cells laid out in ${dir}; job scripts in ${jobs}:`,
    `  work.sbatch    an array of ${flags.workers} workers (${flags.threads} thread${flags.threads === 1 ? '' : 's'} each)`,
    `  merge.sbatch   writes results.csv and results.jsonl after the array (dependency after${flags.mergeAfter})`,
    `  submit.sh      submits both: sh ${join(jobs, 'submit.sh')}`,
    `  run-workers.sh the same with plain processes, for other schedulers or machines sharing the directory`,
  ];
  if (!flags.submit) {
    process.stdout.write(`${lines.join('\n')}\n`);
    return;
  }
  const logs = logOptions(dir);
  const work = sbatch([logs.work, join(jobs, 'work.sbatch')], jobs);
  const mergeArgs = [logs.merge, `--dependency=after${flags.mergeAfter}:${work}`, '--kill-on-invalid-dep=yes', join(jobs, 'merge.sbatch')];
  let merge: string;
  try {
    merge = sbatch(mergeArgs, jobs);
  } catch (error) {
    // The workers are queued: say so, so that they are not submitted twice.
    throw new UsageError(`${(error as Error).message}\nthe workers are submitted (job ${work}); submit the merge job alone with: sbatch ${mergeArgs.map(shellWord).join(' ')}`);
  }
  lines.push(`submitted: workers job ${work} (array of ${flags.workers}), merge job ${merge}`, `follow it with: dra sweep status ${dir}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Submits a script; returns the job id. A missing or failing sbatch is an error that says where the scripts are. */
function sbatch(args: string[], jobs: string): string {
  const r = spawnSync('sbatch', ['--parsable', ...args], { encoding: 'utf8' });
  if (r.error !== undefined) {
    throw new UsageError(`--submit: cannot run sbatch (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}); the scripts are in ${jobs}: submit them on a SLURM login node with sh ${join(jobs, 'submit.sh')}`);
  }
  const id = r.stdout.trim().split(';')[0] ?? '';
  if (r.status !== 0 || !/^\d+$/.test(id)) {
    throw new UsageError(`--submit: sbatch ${args.join(' ')} failed (exit ${r.status}): ${(r.stderr || r.stdout).trim()}`);
  }
  return id;
}

/** The lines of a --sbatch-lines file: #SBATCH lines and comments, without the options the scripts set. */
function templateLines(path: string): string[] {
  const text = readInputFile(path, '--sbatch-lines', INPUT_LIMITS.config);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const out: string[] = [];
  lines.forEach((line, k) => {
    const trimmed = line.trim();
    if (trimmed === '') return;
    const where = `${path}:${k + 1}`;
    if (!trimmed.startsWith('#')) throw new UsageError(`${where}: '${trimmed}' is not an #SBATCH line or a comment (put commands in the scripts themselves)`);
    const option = /^#SBATCH\s+(-[^\s=]*)/.exec(trimmed)?.[1];
    const own =
      option === undefined
        ? undefined
        : option.startsWith('--')
          ? OWN_LONG_OPTIONS.find((long) => option.length >= 4 && long.startsWith(option))
          : OWN_SHORT_OPTIONS.find((short) => option.startsWith(short));
    if (own !== undefined) throw new UsageError(`${where}: ${own} is set by dra sweep slurm itself (found '${option}')`);
    out.push(trimmed);
  });
  return out;
}

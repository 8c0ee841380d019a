import { join } from 'node:path';

/** What the job scripts of a laid-out sweep need to know. */
export interface JobScriptOptions {
  /** The sweep directory, absolute (the scripts run wherever the scheduler puts them). */
  dir: string;
  /** Short name of the sweep (its config hash, shortened) for the jobs' names. */
  name: string;
  /** Worker processes: the array's tasks. */
  workers: number;
  /** Worker threads of each worker process. */
  threads: number;
  leaseSeconds: number;
  /** The command that runs `dra` on the cluster's nodes: the node binary and the CLI's script, absolute. */
  dra: readonly string[];
  partition?: string;
  /** Wall-time limit of each task, in any form sbatch takes (e.g. 2:00:00). */
  time?: string;
  /** CPUs of each task (default: its threads). */
  cpusPerTask?: number;
  /** Memory of each task, in any form sbatch takes (e.g. 4G). */
  mem?: string;
  /** Further `#SBATCH` lines (and comments) for both scripts, from the user's template. */
  extraLines?: readonly string[];
  /**
   * When the merge job may start: `any` after every worker ended, whatever its state (a
   * worker cancelled or out of time is normal: the others take over its cells, and the merge
   * reports any cell still missing); `ok` only when every worker succeeded, and else the
   * merge job is cancelled rather than left pending.
   */
  mergeAfter: 'any' | 'ok';
}

/** The folder of a sweep directory that holds its job scripts and their logs. */
export const JOBS_FOLDER = 'jobs';

/** Single-quotes a word for sh. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

const command = (words: readonly string[]) => words.map(shellWord).join(' ');

/** The `dra sweep work` line of one worker. */
function workLine(o: JobScriptOptions): string {
  return command([...o.dra, 'sweep', 'work', o.dir, '--threads', String(o.threads), '--lease', String(o.leaseSeconds), '--no-merge']);
}

/** The `dra sweep merge` line. */
function mergeLine(o: Pick<JobScriptOptions, 'dra' | 'dir'>): string {
  return command([...o.dra, 'sweep', 'merge', o.dir]);
}

/**
 * The sbatch options of the log files (the array's per task). They go on sbatch's command line,
 * not into `#SBATCH` lines, which sbatch splits at spaces and cuts at `#` or quotes: a sweep
 * directory may hold any of them.
 */
export function logOptions(dir: string): { work: string; merge: string } {
  const logs = join(dir, JOBS_FOLDER, 'logs');
  return { work: `--output=${join(logs, 'work-%A_%a.out')}`, merge: `--output=${join(logs, 'merge-%j.out')}` };
}

function sbatchHeader(o: JobScriptOptions, jobName: string, array: string | null): string[] {
  const lines = ['#!/bin/bash', `#SBATCH --job-name=${jobName}`];
  if (array !== null) lines.push(`#SBATCH --array=${array}`);
  lines.push(`#SBATCH --cpus-per-task=${o.cpusPerTask ?? o.threads}`);
  if (o.partition !== undefined) lines.push(`#SBATCH --partition=${o.partition}`);
  if (o.time !== undefined) lines.push(`#SBATCH --time=${o.time}`);
  if (o.mem !== undefined) lines.push(`#SBATCH --mem=${o.mem}`);
  lines.push(...(o.extraLines ?? []));
  return lines;
}

/**
 * The SLURM job scripts of a sweep: `work.sbatch` (an array of workers that pull cells),
 * `merge.sbatch` (writes the results once the array has ended), and `submit.sh` (submits
 * both, the merge with its dependency on the array).
 */
export function slurmScripts(o: JobScriptOptions): Record<string, string> {
  const logs = join(o.dir, JOBS_FOLDER, 'logs');
  const output = logOptions(o.dir);
  const work = [
    ...sbatchHeader(o, `dra-${o.name}`, `0-${o.workers - 1}`),
    '',
    '# Submit with submit.sh beside this script, which also names the log files (jobs/logs/).',
    '# One worker of the sweep: it claims cells until none is left, renewing a lease on each;',
    '# a cancelled or failed task gives its cells back (or its leases run out), and the other',
    '# tasks take them over. Any task may start late or on another node: the sweep directory',
    '# must be on a file system every node sees.',
    `exec ${workLine(o)}`,
    '',
  ];
  const merge = [
    ...sbatchHeader({ ...o, cpusPerTask: 1 }, `dra-${o.name}-merge`, null),
    '',
    '# After the array: results.csv and results.jsonl, or a list of the cells still missing or failed.',
    `exec ${mergeLine(o)}`,
    '',
  ];
  const script = (file: string) => shellWord(join(o.dir, JOBS_FOLDER, file));
  const submit = [
    '#!/bin/sh',
    '# Submits the workers, then the merge job that waits for them.',
    'set -eu',
    `mkdir -p ${shellWord(logs)}`,
    `work=$(sbatch --parsable ${shellWord(output.work)} ${script('work.sbatch')})`,
    'work=${work%%;*}',
    `merge=$(sbatch --parsable ${shellWord(output.merge)} --dependency=after${o.mergeAfter}:$work --kill-on-invalid-dep=yes ${script('merge.sbatch')})`,
    'merge=${merge%%;*}',
    `echo "workers: job $work (array of ${o.workers}); merge: job $merge"`,
    `echo "follow it with: ${command([...o.dra, 'sweep', 'status', o.dir]).replace(/["$`\\]/g, '\\$&')}"`,
    '',
  ];
  return { 'work.sbatch': work.join('\n'), 'merge.sbatch': merge.join('\n'), 'submit.sh': submit.join('\n') };
}

/** The same sweep with plain processes: for any other scheduler, or for machines sharing a file system. */
export function shellScript(o: JobScriptOptions): string {
  return [
    '#!/bin/sh',
    `# ${o.workers} workers of the sweep, then its merge. Workers may run anywhere the sweep`,
    '# directory is seen (start the same work line on other machines), be killed and restarted:',
    '# the results do not depend on how many ran, nor on which of them finished.',
    ...Array.from({ length: o.workers }, () => `${workLine(o)} &`),
    'wait',
    mergeLine(o),
    '',
  ].join('\n');
}

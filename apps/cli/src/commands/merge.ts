import type { Command } from 'commander';
import { acquireDirectoryLock } from '../directory-lock.js';
import { toJson } from '../json-output.js';
import { checkOutputApartFromInputs, checkRunDirectory, writeRunDirectory } from '../run-directory.js';
import { mergeSweepDirectories } from '../sweep/sweep-merge.js';
import { FAILED_LIST, failedList } from '../sweep/sweep-runner.js';
import { tidyTable } from '../sweep/tidy-table.js';
import { pathList, pathValue } from '../parse-flag.js';

interface MergeFlags {
  out: string;
  force?: boolean;
  allowFailed?: boolean;
}

export function registerMergeCommand(program: Command): void {
  program
    .command('merge')
    .description("join the shards of a sweep into one tidy table (checks every cell is there exactly once, from the same config)")
    .argument('<dirs...>', 'sweep directories (dra sweep --out, one per shard)', pathList)
    .requiredOption('--out <dir>', 'new directory for sweep.json, results.csv and results.jsonl', pathValue)
    .option('--force', 'replace an existing --out directory')
    .option('--allow-failed', 'merge without the cells that failed (listed in failed.jsonl)')
    .action((dirs: string[], flags: MergeFlags) => mergeCommand(dirs, flags));
}

function mergeCommand(dirs: string[], flags: MergeFlags): void {
  checkOutputApartFromInputs(flags.out, dirs);
  checkRunDirectory(flags.out, Boolean(flags.force));
  acquireDirectoryLock(flags.out, `dra merge --out ${flags.out}${flags.force ? ' --force' : ''}`);
  const { manifest, cells, failed } = mergeSweepDirectories(dirs, Boolean(flags.allowFailed));
  const table = tidyTable(manifest.gridKeys, cells);
  const files: Record<string, string> = { 'sweep.json': `${toJson(manifest, 2)}\n`, 'results.csv': table.csv, 'results.jsonl': table.jsonl };
  if (failed.length > 0) files[FAILED_LIST] = failedList(failed);
  writeRunDirectory(flags.out, files, Boolean(flags.force));
  const without = failed.length > 0 ? ` (without ${failed.length} failed, listed in ${FAILED_LIST})` : '';
  process.stdout.write(`${cells.length} cells from ${dirs.length} director${dirs.length === 1 ? 'y' : 'ies'}${without}: ${flags.out}/results.csv and results.jsonl\n`);
}

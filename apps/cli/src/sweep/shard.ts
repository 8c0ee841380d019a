import { InvalidArgumentError } from 'commander';

/** Share i of n of a sweep's cells (1 <= i <= n): the cells whose index % n === i - 1. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Commander parser for `--shard i/n` (1-based), or `--shard auto`: the array task of a
 * SLURM job array (see `shardOfArrayTask`).
 */
export function shardValue(value: string): Shard {
  if (value.trim() === 'auto') return shardOfArrayTask(process.env);
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new InvalidArgumentError(`expected i/n with 1 <= i <= n (e.g. 2/8), got '${value}'.`);
  }
  return { index, count };
}

export function shardLabel(shard: Shard | null): string | null {
  return shard === null ? null : `${shard.index}/${shard.count}`;
}

export function inShard(cellIndex: number, shard: Shard | null): boolean {
  return shard === null || cellIndex % shard.count === shard.index - 1;
}

/** The variables SLURM sets in every task of a job array (`sbatch --array`). */
const ARRAY_VARIABLES = ['SLURM_ARRAY_TASK_ID', 'SLURM_ARRAY_TASK_MIN', 'SLURM_ARRAY_TASK_COUNT'] as const;

/**
 * The shard of a SLURM array task: with task ids MIN, MIN+STEP, ..., the task with id ID
 * runs share (ID - MIN) / STEP + 1 of COUNT. Arrays may start at 0 (`--array=0-7`) or 1
 * (`--array=1-8`), or anywhere; a step (`--array=0-15:2`) is read from
 * SLURM_ARRAY_TASK_STEP. Arrays with gaps (`--array=1,5,9`) cannot be mapped to shares.
 */
export function shardOfArrayTask(env: Record<string, string | undefined>): Shard {
  const missing = ARRAY_VARIABLES.filter((name) => env[name] === undefined || env[name] === '');
  if (missing.length > 0) {
    throw new InvalidArgumentError(`'auto' reads the task of a SLURM job array (sbatch --array), but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set.`);
  }
  const read = (name: string) => {
    const text = env[name]!;
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`'auto': ${name} must be a whole number, got '${text}'.`);
    return n;
  };
  const id = read('SLURM_ARRAY_TASK_ID');
  const min = read('SLURM_ARRAY_TASK_MIN');
  const count = read('SLURM_ARRAY_TASK_COUNT');
  const step = env.SLURM_ARRAY_TASK_STEP === undefined || env.SLURM_ARRAY_TASK_STEP === '' ? 1 : read('SLURM_ARRAY_TASK_STEP');
  const offset = id - min;
  if (count < 1 || step < 1 || offset < 0 || offset % step !== 0 || offset / step >= count) {
    throw new InvalidArgumentError(
      `'auto': array task ${id} is not one of ${count} evenly spaced tasks from ${min} (step ${step}); use --array=MIN-MAX without gaps, or --shard i/n.`,
    );
  }
  return { index: offset / step + 1, count };
}

/** Parses a manifest's shard label (`i/n`), or null. */
export function shardOfLabel(label: string | null): Shard | null {
  if (label === null) return null;
  const [index, count] = label.split('/').map(Number);
  return { index: index!, count: count! };
}

import { InvalidArgumentError } from 'commander';

/** Share i of n of a sweep's cells (1 <= i <= n): the cells whose index % n === i - 1. */
export interface Shard {
  index: number;
  count: number;
}

/** Commander parser for `--shard i/n`, e.g. `--shard "$SLURM_ARRAY_TASK_ID/8"`. */
export function shardValue(value: string): Shard {
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

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inShard, shardOfArrayTask, shardValue } from './shard.js';

const arrayTask = (id: number, min: number, count: number, step?: number) => ({
  SLURM_ARRAY_TASK_ID: String(id),
  SLURM_ARRAY_TASK_MIN: String(min),
  SLURM_ARRAY_TASK_COUNT: String(count),
  ...(step === undefined ? {} : { SLURM_ARRAY_TASK_STEP: String(step) }),
});

describe('shardOfArrayTask', () => {
  it('gives the tasks of any evenly spaced array the shares 1..n, which split the cells exactly once (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 60 }), (min, count, step, cells) => {
        const shards = Array.from({ length: count }, (_, k) => shardOfArrayTask(arrayTask(min + k * step, min, count, step)));
        expect(shards.map((s) => s.index)).toEqual(Array.from({ length: count }, (_, k) => k + 1));
        for (let cell = 0; cell < cells; cell++) expect(shards.filter((s) => inShard(cell, s))).toHaveLength(1);
      }),
    );
  });

  it('reads 0-based and 1-based arrays alike, and refuses tasks that are not part of the array', () => {
    expect(shardOfArrayTask(arrayTask(0, 0, 8))).toEqual({ index: 1, count: 8 });
    expect(shardOfArrayTask(arrayTask(8, 1, 8))).toEqual({ index: 8, count: 8 });
    expect(() => shardOfArrayTask(arrayTask(9, 1, 8))).toThrow('array task 9 is not one of 8 evenly spaced tasks from 1 (step 1)');
    expect(shardOfArrayTask(arrayTask(3, 1, 8, 2))).toEqual({ index: 2, count: 8 });
    expect(() => shardOfArrayTask(arrayTask(4, 1, 8, 2))).toThrow('array task 4 is not one of 8');
    expect(() => shardOfArrayTask(arrayTask(0, 1, 8))).toThrow('array task 0');
    expect(() => shardOfArrayTask({ SLURM_ARRAY_TASK_ID: '1' })).toThrow('SLURM_ARRAY_TASK_MIN, SLURM_ARRAY_TASK_COUNT are not set');
    expect(() => shardOfArrayTask({ ...arrayTask(1, 1, 8), SLURM_ARRAY_TASK_COUNT: '8x' })).toThrow("SLURM_ARRAY_TASK_COUNT must be a whole number, got '8x'");
    expect(() => shardOfArrayTask(arrayTask(1, 1, 0))).toThrow('is not one of 0');
  });

  it('keeps the 1-based i/n form', () => {
    expect(shardValue('3/8')).toEqual({ index: 3, count: 8 });
    expect(() => shardValue('0/8')).toThrow("got '0/8'");
  });
});

import { availableParallelism } from 'node:os';

/**
 * Worker threads worth starting for `jobs` jobs: never more than the jobs, nor more than four
 * per core (each thread holds its own heap: 500 threads for 4 sweep cells took 3.2 GB).
 */
export function usefulThreads(requested: number, jobs: number): number {
  return Math.max(1, Math.min(requested, jobs, 4 * availableParallelism()));
}

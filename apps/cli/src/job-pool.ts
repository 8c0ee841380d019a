import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createPaperRegistry, runJobsInThisThread, type JobResult, type ReproduceJob } from '@dra/experiments';
import { Piscina } from 'piscina';
import { JobProgress } from './progress.js';
import { usefulThreads } from './thread-count.js';
import { unwrapThreadResult, type ThreadFailure } from './thread-failure.js';

/** Longest first, so the pool is not left waiting on one long job at the end: by kind, then by size within a kind. */
const KIND_ORDER: Record<ReproduceJob['kind'], number> = { compare: 0, 'time-pressure': 1, run: 2, 'tree-search': 3 };

function jobSize(job: ReproduceJob): number {
  if (job.kind === 'run') return job.settings.episodes;
  if (job.kind === 'tree-search') return (job.job.allocation === 'flexible' ? 1000 : 0) + job.job.budget;
  return 0;
}

/** The jobs in the order `runJobs` should start them: the costliest kinds and sizes first. */
export function longestFirst(jobs: readonly ReproduceJob[]): ReproduceJob[] {
  return [...jobs].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || jobSize(b) - jobSize(a));
}

/** The built worker-thread entry (reproduce/reproduce-worker.ts, bundled beside this module). */
const WORKER = new URL('./reproduce-worker.js', import.meta.url);

/**
 * Runs every job on `threads` worker threads (longest first, as the caller orders them) and
 * returns the results by job id. Results depend on the jobs alone, so the bytes written from
 * them are the same on 1 or N threads. Progress (jobs done, elapsed, ETA) goes to stderr.
 */
export async function runJobs(jobs: readonly ReproduceJob[], threads: number, label: string): Promise<Map<string, JobResult>> {
  const results = new Map<string, JobResult>();
  const progress = new JobProgress(label, jobs.length);
  if (!existsSync(fileURLToPath(WORKER))) {
    // Run from the TypeScript sources (the CLI's in-process tests): no built worker, so this thread.
    const inThread = runJobsInThisThread(jobs, createPaperRegistry(), (id) => progress.done(id));
    progress.finish();
    return inThread;
  }
  const count = usefulThreads(threads, jobs.length);
  const pool = new Piscina({ filename: WORKER.href, minThreads: count, maxThreads: count });
  try {
    await Promise.all(
      jobs.map(async (job) => {
        results.set(job.id, unwrapThreadResult((await pool.run(job)) as JobResult | ThreadFailure));
        progress.done(job.id);
      }),
    );
  } finally {
    progress.finish();
    await pool.destroy();
  }
  return results;
}

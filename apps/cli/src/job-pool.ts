import { Piscina } from 'piscina';
import type { ReproduceJob } from './reproduce/reproduce-plan.js';
import type { JobResult } from './reproduce/reproduce-worker.js';
import { JobProgress } from './progress.js';
import { usefulThreads } from './thread-count.js';
import { unwrapThreadResult, type ThreadFailure } from './thread-failure.js';

/**
 * Runs every job on `threads` worker threads (longest first, as the caller orders them) and
 * returns the results by job id. Results depend on the jobs alone, so the bytes written from
 * them are the same on 1 or N threads. Progress (jobs done, elapsed, ETA) goes to stderr.
 */
export async function runJobs(jobs: readonly ReproduceJob[], threads: number, label: string): Promise<Map<string, JobResult>> {
  const results = new Map<string, JobResult>();
  const progress = new JobProgress(label, jobs.length);
  const count = usefulThreads(threads, jobs.length);
  const pool = new Piscina({ filename: new URL('./reproduce-worker.js', import.meta.url).href, minThreads: count, maxThreads: count });
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

import { BadInputError } from '@dra/core';
import { describe, expect, it } from 'vitest';
import { reproduce } from './reproduce.js';
import { createPaperRegistry } from '../paper-registry.js';
import { runReproduceJob } from './reproduce-job.js';
import { assembleReproduceResults } from './reproduce-results.js';

describe('reproduce (the library entry, no CLI)', () => {
  it("runs fig1's experiments and checks the published maze claims (oracle: docs/tasks.md 1 via PUBLISHED), the same whatever order the jobs ran in", async () => {
    const { plan, jobs, results } = await reproduce('fig1', { quick: true });
    expect(plan.jobs.length).toBe(40); // 4 sigma0 x 5 seeds + 10 seeds x (before, after) the switch
    expect(results.maze?.series.map((s) => s.sigma0)).toEqual([1, 3, 4, 5]);
    expect(results.checks.length).toBeGreaterThan(5);
    expect(results.checks.filter((c) => !c.pass)).toEqual([]);
    expect([...jobs.keys()]).toEqual(plan.jobs.map((job) => job.id));
    // The same jobs run again, last first, by a runner of the caller's: the same results.
    const registry = createPaperRegistry();
    const again = await reproduce('fig1', { quick: true, runJobs: async (todo) => new Map([...todo].reverse().map((job) => [job.id, runReproduceJob(job, registry)])) });
    expect(JSON.stringify(again.results)).toBe(JSON.stringify(results));
    expect(JSON.stringify(assembleReproduceResults(plan, again.jobs, registry))).toBe(JSON.stringify(results));
  });

  it('takes its job runner from the caller, and fails when a job result is missing', async () => {
    let asked = 0;
    await expect(
      reproduce('fig2', {
        runJobs: async (jobs) => {
          asked = jobs.length;
          return new Map();
        },
      }),
    ).rejects.toThrow(/no run result for mountain-car-A-seed-1/);
    expect(asked).toBe(15); // 3 estimators x 5 seeds
  });

  it('names a target it does not know', async () => {
    await expect(reproduce('fig4' as 'fig1')).rejects.toThrow(BadInputError);
    await expect(reproduce('fig4' as 'fig1')).rejects.toThrow(/target must be one of fig1, fig2, fig3, all, got fig4/);
  });
});

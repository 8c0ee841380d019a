import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dra } from './dra-process.js';

// A real one-node SLURM cluster (tooling/slurm): Debian's slurmctld, slurmd and munge,
// installed when missing and started for this file with a private configuration and ports,
// stopped afterwards whatever happened.
// Without one (not root, no package access) the tests fail in CI and are skipped elsewhere.

interface JobRecord {
  jobId: string;
  arrayJobId?: string;
  arrayTaskId?: number;
  jobState: string;
  exitCode: number;
}
interface Cluster {
  submit(args: string[]): Promise<string>;
  waitForJobs(ids: string[], options?: { timeoutMs?: number }): Promise<void>;
  finalStates(): JobRecord[];
  cancel(id: string): Promise<void>;
  queue(jobId: string): Promise<{ arrayTaskId?: number; state: string }[]>;
  stop(): Promise<void>;
  /** What clients need to reach this private cluster (its own config file): `SLURM_CONF`. */
  env: Record<string, string>;
}
type Started = { ok: true; cluster: Cluster } | { ok: false; reason: string };

const clusterModule = new URL('../../../tooling/slurm/slurm-cluster.mjs', import.meta.url).href;
const { startCluster } = (await import(clusterModule)) as { startCluster: (options: object) => Promise<Started> };
// KillWait 5 s: a task that ignored SIGTERM is killed 5 s after scancel (30 s by default).
const started = await startCluster({ cpus: 4, extraConfig: ['KillWait=5'], log: () => {} });
const inCi = process.env.CI === 'true' || process.env.CI === '1';
if (!started.ok && inCi) throw new Error(`the SLURM cluster test needs a one-node cluster, and CI must provide one: ${started.reason}`);
// dra sweep slurm --submit (and the jobs) reach the private cluster through SLURM_CONF; a site's SLURM is never touched.
if (started.ok) Object.assign(process.env, started.cluster.env);
afterAll(async () => {
  if (started.ok) await started.cluster.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const results = (dir: string) => ({ csv: readFileSync(join(dir, 'results.csv'), 'utf8'), jsonl: readFileSync(join(dir, 'results.jsonl'), 'utf8') });
const doneCells = (dir: string) => (existsSync(join(dir, 'cells')) ? readdirSync(join(dir, 'cells')).filter((n) => n.startsWith('cell-')).length : 0);

/** 24 maze cells of 6000 episodes: a few seconds for 4 workers on 2 cores, so a cancel lands part way. */
const CONFIG = ['task: maze', 'seed: 21', 'replicates: 6', 'fixed:', '  episodes: 6000', '  evalEvery: 3000', '  evalRollouts: 10', 'grid:', '  lambda: [0.1, 0.2]', '  sigma0: [1, 3]', ''].join('\n');

function submitSweep(root: string, name: string, ...flags: string[]) {
  const config = join(root, `${name}.yaml`);
  writeFileSync(config, CONFIG);
  const dir = join(root, name);
  const r = dra('sweep', 'slurm', config, '--out', dir, '--workers', '4', '--lease', '10', '--submit', ...flags);
  expect(r.code, r.stderr).toBe(0);
  const ids = /submitted: workers job (\d+) \(array of 4\), merge job (\d+)/.exec(r.stdout);
  expect(ids, r.stdout).not.toBeNull();
  return { config, dir, array: ids![1]!, merge: ids![2]! };
}

describe.skipIf(!started.ok)('a sweep on a real SLURM cluster', () => {
  const cluster = started.ok ? started.cluster : (null as unknown as Cluster);

  it('runs as an array of 4 workers and a merge job; a worker cancelled part way gives its cells back, and the merged bytes are those of dra sweep --threads 1', async () => {
    const wall = performance.now();
    const root = mkdtempSync(join(tmpdir(), 'dra-slurm-'));
    const { config, dir, array, merge } = submitSweep(root, 'sweep');
    // Cancel task 1 once the sweep is under way and cells remain for every worker.
    for (let waited = 0; doneCells(dir) < 4; waited += 50) {
      expect(waited, 'the sweep did not start within 120 s').toBeLessThan(120_000);
      await sleep(50);
    }
    const running = await cluster.queue(array);
    expect(running.filter((t) => t.state === 'RUNNING').length, JSON.stringify(running)).toBe(4);
    const status = JSON.parse(dra('sweep', 'status', dir, '--json').stdout);
    expect(status.running.length).toBeGreaterThanOrEqual(1);
    expect(status.done + status.running.length + status.remaining).toBe(24);
    await cluster.cancel(`${array}_1`);
    await cluster.waitForJobs([array, merge], { timeoutMs: 300_000 });
    const seconds = (performance.now() - wall) / 1000;

    const states = cluster.finalStates();
    const task = (k: number) => states.find((s) => s.arrayJobId === array && s.arrayTaskId === k);
    expect(task(1)?.jobState).toBe('CANCELLED');
    for (const k of [0, 2, 3]) expect(task(k), `task ${k}`).toMatchObject({ jobState: 'COMPLETED', exitCode: 0 });
    expect(states.find((s) => s.jobId === merge)).toMatchObject({ jobState: 'COMPLETED', exitCode: 0 });
    // The cancelled worker gave its cell back on SIGTERM, and another worker ran it.
    const log = readFileSync(join(dir, 'jobs', 'logs', `work-${array}_1.out`), 'utf8');
    const given = /SIGTERM: gave back (.*) to the other workers/.exec(log);
    expect(given, log).not.toBeNull();
    for (const id of given![1]!.split(', ')) expect(existsSync(join(dir, 'cells', `${id}.json`))).toBe(true);

    const reference = join(root, 'reference');
    expect(dra('sweep', config, '--out', reference, '--threads', '1').code).toBe(0);
    expect(results(dir)).toEqual(results(reference));
    expect(readdirSync(join(dir, 'claims'))).toEqual([]);
    process.stdout.write(`SLURM sweep of 24 cells, 4 workers, one cancelled: ${seconds.toFixed(1)} s from submission to merged results\n`);
  });

  it('cancels the merge job, rather than leaving it pending, when the array fails under --merge-after ok', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dra-slurm-ok-'));
    const { dir, array, merge } = submitSweep(root, 'sweep', '--merge-after', 'ok');
    await cluster.cancel(array);
    await cluster.waitForJobs([array, merge], { timeoutMs: 120_000 });
    // Never ran: cancelled for its dependency, not left pending.
    expect(cluster.finalStates().find((s) => s.jobId === merge)?.jobState).toBe('CANCELLED');
    expect(existsSync(join(dir, 'results.csv'))).toBe(false);
    const status = dra('sweep', 'status', dir);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/remaining \d+/);
  });
});

if (!started.ok) it.skip(`a sweep on a real SLURM cluster: skipped, no one-node cluster here (${started.reason}); CI runs it`, () => {});

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@dra/core';
import { describe, expect, it } from 'vitest';
import { cli, dra } from './dra-process.js';

const results = (dir: string) => ({ csv: readFileSync(join(dir, 'results.csv'), 'utf8'), jsonl: readFileSync(join(dir, 'results.jsonl'), 'utf8') });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** 12 maze cells of 8000 episodes each (a fraction of a second apiece), so kills land inside cells. */
const KILL_SWEEP = ['task: maze', 'seed: 11', 'replicates: 3', 'fixed:', '  episodes: 8000', '  evalEvery: 4000', '  evalRollouts: 10', 'grid:', '  lambda: [0.1, 0.2]', '  sigma0: [1, 3]', ''].join('\n');

/** A worker process of a sweep directory, with its exit awaited. */
function startWorker(dir: string, lease: number): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [cli, 'sweep', 'work', dir, '--threads', '1', '--lease', String(lease)], { stdio: 'ignore' });
  return { child, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

/** Pids that hold a claim in the directory now. */
function claimHolders(dir: string): Set<number> {
  const folder = join(dir, 'claims');
  const pids = new Set<number>();
  if (!existsSync(folder)) return pids;
  for (const name of readdirSync(folder)) {
    if (name.startsWith('.')) continue;
    try {
      pids.add((JSON.parse(readFileSync(join(folder, name), 'utf8')) as { pid: number }).pid);
    } catch {
      // removed while listed
    }
  }
  return pids;
}

describe('sweep workers killed at random moments', () => {
  it('complete to the bytes of dra sweep --threads 1 under 5 random schedules of workers killed (SIGKILL or SIGTERM), restarted or not', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dra-sweep-kills-'));
    const config = join(root, 'sweep.yaml');
    writeFileSync(config, KILL_SWEEP);
    const referenceDir = join(root, 'reference');
    expect(dra('sweep', config, '--out', referenceDir, '--threads', '1').code).toBe(0);
    const reference = results(referenceDir);
    let killsInsideCells = 0;
    const lease = 0.4;
    for (let schedule = 1; schedule <= 5; schedule++) {
      const rng = Rng.create(`kill-schedule-${schedule}`);
      const dir = join(root, `schedule-${schedule}`);
      const laid = dra('sweep', 'slurm', config, '--out', dir, '--workers', '3', '--lease', String(lease));
      expect(laid.code, laid.stderr).toBe(0);
      const workerCount = 2 + (rng.int32() >>> 0) % 3;
      const exits: Promise<number | null>[] = [];
      const plan = Array.from({ length: workerCount }, () => ({
        startMs: rng.uniform() * 600,
        killMs: 250 + rng.uniform() * 1500,
        signal: rng.uniform() < 0.6 ? ('SIGKILL' as const) : ('SIGTERM' as const),
        restartMs: rng.uniform() < 0.5 ? rng.uniform() * 500 : null,
      }));
      await Promise.all(
        plan.map(async (step) => {
          await sleep(step.startMs);
          const worker = startWorker(dir, lease);
          exits.push(worker.exited);
          await sleep(step.killMs);
          if (worker.child.exitCode === null) {
            if (claimHolders(dir).has(worker.child.pid!)) killsInsideCells++;
            worker.child.kill(step.signal);
          }
          const code = await worker.exited;
          expect([0, null, 143], `exit of a worker killed with ${step.signal}`).toContain(code);
          if (step.restartMs !== null) {
            await sleep(step.restartMs);
            exits.push(startWorker(dir, lease).exited);
          }
        }),
      );
      for (const code of await Promise.all(exits)) expect([0, null, 143]).toContain(code);
      // Whatever was left (every worker may have been killed): one more worker finishes it.
      const last = dra('sweep', 'work', dir, '--threads', '1', '--lease', String(lease));
      expect(last.code, last.stderr).toBe(0);
      expect(results(dir), `schedule ${schedule}: ${JSON.stringify(plan)}`).toEqual(reference);
      expect(existsSync(join(dir, 'failed'))).toBe(false);
      expect(readdirSync(join(dir, 'claims')).filter((n) => !n.startsWith('.'))).toEqual([]);
    }
    // The schedules did kill workers in the middle of cells (their claims were taken over).
    expect(killsInsideCells).toBeGreaterThanOrEqual(3);
  });

  it('let workers join a running sweep, share its cells, and wait out the lease of a killed one', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dra-sweep-join-'));
    const config = join(root, 'sweep.yaml');
    writeFileSync(config, KILL_SWEEP);
    const referenceDir = join(root, 'reference');
    expect(dra('sweep', config, '--out', referenceDir, '--threads', '2').code).toBe(0);
    const dir = join(root, 'shared');
    const first = spawn(process.execPath, [cli, 'sweep', config, '--out', dir, '--threads', '1', '--lease', '0.5'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let firstOut = '';
    first.stdout!.on('data', (chunk: Buffer) => (firstOut += chunk.toString()));
    const firstExit = new Promise((resolve) => first.once('exit', resolve));
    while (!existsSync(join(dir, 'sweep.json'))) await sleep(10);
    const second = startWorker(dir, 0.5);
    // Kill the second worker as soon as it holds a cell: the first one takes the cell over when its lease runs out.
    while (!claimHolders(dir).has(second.child.pid!) && second.child.exitCode === null) await sleep(5);
    expect(second.child.exitCode, 'the second worker held a cell').toBeNull();
    second.child.kill('SIGKILL');
    await second.exited;
    expect(await firstExit).toBe(0);
    expect(firstOut).toContain('results:');
    // The first worker ran the killed worker's cell too: every cell but those the second one finished.
    const ran = Number(/: (\d+) run, 0 already done/.exec(firstOut)?.[1]);
    expect(ran + Number(/(\d+) by other workers/.exec(firstOut)?.[1] ?? 0)).toBe(12);
    expect(results(dir)).toEqual(results(referenceDir));
    const status = JSON.parse(dra('sweep', 'status', dir, '--json').stdout);
    expect(status).toMatchObject({ cells: 12, done: 12, running: [], failed: [], remaining: 0, merged: true, etaSeconds: 0 });
  });

});

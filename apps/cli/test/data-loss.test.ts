import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dra, draIn, draInBackground } from './dra-process.js';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const inProgress = (dir: string) => join(dirname(dir), `.${basename(dir)}.in-progress`);
const lockOf = (dir: string) => join(dirname(dir), `.${basename(dir)}.lock`);
/** Every file under a directory with its bytes: what "nothing was lost" compares. */
const snapshot = (dir: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const path = join(e.parentPath, e.name);
        return [path.slice(dir.length), readFileSync(path, 'utf8')];
      }),
  );
const quick = ['--env', 'maze', '--eval-every', '100', '--eval-rollouts', '5'];

/** The seed of the run in DIR's in-progress state, or null. */
const inProgressSeed = (out: string): number | null => {
  try {
    return (JSON.parse(readFileSync(join(inProgress(out), 'config.json'), 'utf8')) as { seed: number }).seed;
  } catch {
    return null;
  }
};

/** Starts `dra run` in the background and kills it with SIGKILL once its own first checkpoint is written. */
async function killedAfterCheckpoint(out: string, ...args: string[]): Promise<void> {
  const seed = Number(args[args.indexOf('--seed') + 1]);
  const child = draInBackground('run', ...args, '--out', out, '--checkpoint-every', '100');
  const exited = new Promise((done) => child.once('exit', done));
  while (inProgressSeed(out) !== seed || !existsSync(join(inProgress(out), 'checkpoint.json'))) await sleep(3);
  child.kill('SIGKILL');
  await exited;
}

describe('no earlier work is lost (the data-loss sequences, scripted)', () => {
  it('an empty or blank --out never means the current directory: run --force, merge --force and sweep exit 2 and touch nothing', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'dra-empty-out-'));
    writeFileSync(join(cwd, 'thesis.tex'), 'years of work');
    writeFileSync(join(cwd, 'results.csv'), 'mine');
    writeFileSync(join(cwd, 'sweep.json'), '{"mine": true}');
    writeFileSync(join(cwd, 'grid.json'), JSON.stringify({ task: 'maze', seed: 1, replicates: 1, fixed: { episodes: 10, evalEvery: 10, evalRollouts: 2 }, grid: { lambda: [0.1] } }));
    const before = snapshot(cwd);
    for (const out of ['', ' ']) {
      for (const args of [['run', ...quick, '--episodes', '10', '--out', out, '--force'], ['merge', cwd, '--out', out, '--force'], ['sweep', 'grid.json', '--out', out]]) {
        const r = draIn(cwd, ...args);
        expect(r.code, args.join(' ')).toBe(2);
        expect(r.stderr).toMatch(/option '--out <dir>' argument '\s*' is invalid. expected a path, got '\s*' \(an unset shell variable\?\)/);
      }
    }
    expect(draIn(cwd, 'run', ...quick, '--episodes', '10', '--out', '.', '--force').stderr).toMatch(/--out '.' is the current directory or one of its parents; --force never replaces it/);
    expect(draIn(cwd, 'run', ...quick, '--episodes', '10', '--out', '..', '--force').code).toBe(2);
    expect(snapshot(cwd)).toEqual(before);
  });

  it('--force replaces only a directory dra wrote', () => {
    const root = mkdtempSync(join(tmpdir(), 'dra-force-'));
    const mine = join(root, 'notes');
    mkdirSync(mine);
    writeFileSync(join(mine, 'config.json'), '{"not": "a run"}');
    const r = dra('run', ...quick, '--episodes', '10', '--out', mine, '--force');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out '.*notes' is not empty and was not written by dra .*--force replaces only dra's own directories/);
    expect(readFileSync(join(mine, 'config.json'), 'utf8')).toBe('{"not": "a run"}');
    const run = join(root, 'run');
    expect(dra('run', ...quick, '--episodes', '10', '--out', run).code).toBe(0);
    expect(dra('run', ...quick, '--episodes', '20', '--out', run, '--force').code).toBe(0);
    expect(JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')).episodes).toBe(20);
  });

  it('--resume finishes a --force replacement killed part way instead of deleting it, and the finished run survives until the replacement commits', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dra-resume-replacement-'));
    const d = join(root, 'd');
    expect(dra('run', ...quick, '--episodes', '200', '--seed', '1', '--out', d).code).toBe(0);
    const finished = snapshot(d);
    await killedAfterCheckpoint(d, ...quick, '--episodes', '20000', '--seed', '2', '--force');
    expect(snapshot(d), 'the finished run is untouched while its replacement is unfinished').toEqual(finished);
    const r = dra('run', '--resume', d);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(d, 'config.json'), 'utf8'))).toMatchObject({ seed: 2, episodes: 20000 });
    expect(existsSync(inProgress(d))).toBe(false);
    // The same bytes as the replacement never interrupted.
    const whole = join(root, 'whole');
    expect(dra('run', ...quick, '--episodes', '20000', '--seed', '2', '--out', whole, '--checkpoint-every', '100').code).toBe(0);
    expect(readFileSync(join(d, 'memory.json'), 'utf8')).toBe(readFileSync(join(whole, 'memory.json'), 'utf8'));
    expect(readFileSync(join(d, 'curve.csv'), 'utf8')).toBe(readFileSync(join(whole, 'curve.csv'), 'utf8'));
  });

  it('two writers, one directory: a second run, --force or --resume is refused while the first lives; after kill -9 the first one resumes to its own bytes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dra-two-writers-'));
    const m = join(root, 'm');
    const a = draInBackground('run', ...quick, '--episodes', '30000', '--seed', '1', '--out', m, '--checkpoint-every', '100');
    const exited = new Promise((done) => a.once('exit', done));
    while (!existsSync(join(inProgress(m), 'checkpoint.json'))) await sleep(3);
    const b = dra('run', ...quick, '--episodes', '200', '--seed', '2', '--out', m, '--force');
    const resume = dra('run', '--resume', m);
    a.kill('SIGKILL');
    await exited;
    for (const r of [b, resume]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`is in use by dra \\(pid ${a.pid} on ${hostname()}, since .*: dra run --out .*m\\); wait for it to finish or stop it`));
    }
    // The dead writer's lock is recognised as stale and taken over; the run resumes to seed 1's bytes.
    expect(existsSync(lockOf(m))).toBe(true);
    const r = dra('run', '--resume', m);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(m, 'config.json'), 'utf8')).seed).toBe(1);
    const whole = join(root, 'whole');
    expect(dra('run', ...quick, '--episodes', '30000', '--seed', '1', '--out', whole, '--checkpoint-every', '100').code).toBe(0);
    expect(readFileSync(join(m, 'memory.json'), 'utf8')).toBe(readFileSync(join(whole, 'memory.json'), 'utf8'));
    expect(existsSync(lockOf(m)), 'a finished run releases its lock').toBe(false);
  });

  it('an interrupted run is never lost to a second --force, a start cut short, or a --resume into a changed directory', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dra-superseded-'));
    const d = join(root, 'd');
    expect(dra('run', ...quick, '--episodes', '200', '--seed', '1', '--out', d).code).toBe(0);
    await killedAfterCheckpoint(d, ...quick, '--episodes', '20000', '--seed', '2', '--force');
    await killedAfterCheckpoint(d, ...quick, '--episodes', '20000', '--seed', '3', '--force');
    // Seed 3 superseded seed 2; a third --force would drop seed 2 before committing anything: refused.
    const third = dra('run', ...quick, '--episodes', '200', '--seed', '4', '--out', d, '--force');
    expect(third.code).toBe(2);
    expect(third.stderr).toMatch(/holds an interrupted run .* and an older one it superseded .*; finish the newer with dra run --resume/);
    // A start cut short leaves the superseded run without its successor: it comes back.
    rmSync(inProgress(d), { recursive: true });
    expect(existsSync(`${inProgress(d)}.superseded`)).toBe(true);
    // The finished run in d changed since seed 2 was started to replace it: --resume asks first.
    const runJson = join(d, 'run.json');
    writeFileSync(runJson, readFileSync(runJson, 'utf8').replace(/"startedAt": "[^"]*"/, '"startedAt": "2020-01-01T00:00:00.000Z"'));
    const asked = dra('run', '--resume', d);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toMatch(/holds a finished result and an interrupted run \(seed 2, episode \d+ of 20000\) that was not started to replace it/);
    expect(existsSync(inProgress(d)), 'the superseded run is back in place').toBe(true);
    const r = dra('run', '--resume', d, '--force');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(d, 'config.json'), 'utf8')).seed).toBe(2);
  });

  it('plot and merge refuse an --out that overlaps their inputs (--force would delete them)', () => {
    const root = mkdtempSync(join(tmpdir(), 'dra-overlap-'));
    const run = join(root, 'run');
    expect(dra('run', ...quick, '--episodes', '20', '--out', run).code).toBe(0);
    const before = snapshot(run);
    for (const out of [run, join(run, 'figures'), root]) {
      const r = dra('plot', run, '--out', out, '--force');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--out '.*' overlaps the input '.*run'; write the output elsewhere/);
    }
    expect(dra('merge', run, '--out', run, '--force').stderr).toMatch(/overlaps the input/);
    expect(snapshot(run)).toEqual(before);
  });

  it('merge killed at any moment leaves the target absent or whole, and the next merge completes it (the dead writer\'s lock taken over)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dra-merge-kill-'));
    const config = join(root, 'grid.json');
    writeFileSync(config, JSON.stringify({ task: 'maze', seed: 1, replicates: 3, fixed: { episodes: 20, evalEvery: 10, evalRollouts: 2 }, grid: { lambda: [0.05, 0.1, 0.2] } }));
    const sweep = join(root, 'sweep');
    expect(dra('sweep', config, '--out', sweep, '--threads', '1').code).toBe(0);
    const reference = join(root, 'reference');
    expect(dra('merge', sweep, '--out', reference).code).toBe(0);
    for (const delay of [0, 40, 80, 120, 160, 200, 260]) {
      const out = join(root, `merged-${delay}`);
      const child = draInBackground('merge', sweep, '--out', out);
      const exited = new Promise((done) => child.once('exit', done));
      await sleep(delay);
      child.kill('SIGKILL');
      await exited;
      if (existsSync(out)) expect(snapshot(out), `killed after ${delay} ms`).toEqual(snapshot(reference));
      const again = dra('merge', sweep, '--out', out, '--force');
      expect(again.code, again.stderr).toBe(0);
      expect(snapshot(out)).toEqual(snapshot(reference));
      expect(existsSync(lockOf(out))).toBe(false);
    }
  });

  it('refuses a directory locked by a live process or by another host, naming the holder; sweep and merge respect the lock', () => {
    const root = mkdtempSync(join(tmpdir(), 'dra-locked-'));
    const out = join(root, 'out');
    const holders = [
      { pid: process.pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z', command: 'dra run --out out' },
      { pid: 1, host: 'node-17.cluster', startedAt: '2026-01-01T00:00:00.000Z', command: 'dra sweep grid.yaml --out out' },
    ];
    writeFileSync(join(root, 'grid.json'), JSON.stringify({ task: 'maze', seed: 1, replicates: 1, fixed: { episodes: 10, evalEvery: 10, evalRollouts: 2 }, grid: { lambda: [0.1] } }));
    for (const holder of holders) {
      writeFileSync(lockOf(out), JSON.stringify(holder));
      for (const args of [['run', ...quick, '--episodes', '10', '--out', out], ['sweep', join(root, 'grid.json'), '--out', out], ['merge', join(tmpdir(), 'dra-no-such-sweep'), '--out', out]]) {
        const r = dra(...args);
        expect(r.code, args[0]).toBe(2);
        expect(r.stderr).toContain(`is in use by dra (pid ${holder.pid} on ${holder.host}`);
      }
      expect(existsSync(out)).toBe(false);
    }
    expect(dra('run', ...quick, '--episodes', '10', '--out', out).stderr).toMatch(/if that process is gone, remove '.*\.out\.lock'/);
  });
});

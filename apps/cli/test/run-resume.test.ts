import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dra, draInBackground } from './dra-process.js';

const settings = ['--env', 'maze', '--episodes', '100000', '--seed', '4', '--checkpoint-every', '500'];
const inProgress = (dir: string) => join(dir, '..', `.${dir.split('/').pop()}.in-progress`);
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The episode of the interrupted run's last checkpoint, or -1 before the first. */
function checkpointEpisode(out: string): number {
  try {
    return (JSON.parse(readFileSync(join(inProgress(out), 'checkpoint.json'), 'utf8')) as { episode: number }).episode;
  } catch {
    return -1;
  }
}

/**
 * Starts a run and kills it with SIGKILL once its in-progress directory exists and its last
 * checkpoint has reached `afterEpisode` (-1: before any checkpoint), plus `delay` ms.
 */
async function killedRun(out: string, afterEpisode: number, delay = 0): Promise<void> {
  const child = draInBackground('run', ...settings, '--out', out);
  const exited = new Promise((done) => child.once('exit', done));
  while (!existsSync(join(inProgress(out), 'config.json'))) await sleep(2);
  while (checkpointEpisode(out) < afterEpisode) await sleep(5);
  await sleep(delay);
  child.kill('SIGKILL');
  await exited;
  expect(existsSync(out), 'the run must not have finished before the kill').toBe(false);
}

describe('dra run --resume', () => {
  it('finishes a run killed with kill -9 with the same memory.json and curve.csv bytes as a run never interrupted', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dra-resume-'));
    const whole = join(root, 'whole');
    expect(dra('run', ...settings, '--out', whole).code).toBe(0);
    for (const [name, afterEpisode, delay] of [['early', -1, 0], ['mid', 20_000, 37], ['late', 70_000, 11]] as const) {
      const out = join(root, name);
      await killedRun(out, afterEpisode, delay);
      const r = dra('run', '--resume', out, '--json');
      expect(r.code, r.stderr).toBe(0);
      expect(read(out, 'memory.json'), name).toBe(read(whole, 'memory.json'));
      expect(read(out, 'curve.csv'), name).toBe(read(whole, 'curve.csv'));
      expect(read(out, 'config.json')).toBe(read(whole, 'config.json'));
      expect(existsSync(inProgress(out))).toBe(false);
      // run.json says where training was taken up, and steps per second count only the steps this process made.
      const summary = JSON.parse(read(out, 'run.json')) as { resumedFrom: { episode: number; steps: { total: number } } | null; steps: { total: number }; seconds: number; stepsPerSecond: number };
      const json = JSON.parse(r.stdout) as { resumedFrom: { episode: number } | null; stepsPerSecond: number };
      if (afterEpisode < 0) {
        // killed before its first checkpoint: the run starts again from episode 0, not resumed
        expect(summary.resumedFrom, name).toBeNull();
        expect(json.resumedFrom, name).toBeNull();
      } else {
        expect(summary.resumedFrom!.episode, name).toBeGreaterThanOrEqual(afterEpisode);
        expect(json.resumedFrom?.episode, name).toBe(summary.resumedFrom!.episode);
        expect(summary.stepsPerSecond, name).toBeCloseTo((summary.steps.total - summary.resumedFrom!.steps.total) / summary.seconds, 6);
        expect(summary.stepsPerSecond, name).toBeLessThan(summary.steps.total / summary.seconds);
        expect(json.stepsPerSecond, name).toBe(summary.stepsPerSecond);
      }
      expect(r.stderr).toMatch(summary.resumedFrom === null ? /\d+ environment steps in [\d.]+ s \(/ : new RegExp(`resumed at episode ${summary.resumedFrom.episode} \\(episodes ${summary.resumedFrom.episode} to 99999\\); ${summary.steps.total} in the whole run`));
    }
    expect((JSON.parse(read(whole, 'run.json')) as { resumedFrom: unknown }).resumedFrom).toBeNull();
  });

  it('refuses what it cannot resume, with exit code 2 and a message naming the file or flag, writing nothing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dra-resume-bad-'));
    const out = join(root, 'run');
    await killedRun(out, 500);
    const checkpoint = join(inProgress(out), 'checkpoint.json');
    const good = readFileSync(checkpoint, 'utf8');
    const cases: [() => void, string[], RegExp][] = [
      [() => {}, ['--resume', out, '--lambda', '0.2'], /--resume takes the settings of the run it finishes; drop --lambda/],
      [() => {}, ['--resume', join(root, 'nothing')], /--resume '.*nothing': no interrupted run there/],
      [() => {}, [...settings, '--out', out], /has an interrupted run .*; finish it with dra run --resume/],
      [() => writeFileSync(checkpoint, good.slice(0, good.length / 2)), ['--resume', out], /checkpoint.json' is not valid JSON/],
      [() => writeFileSync(checkpoint, good.replace(/"episode":\d+/, '"episode":-3')), ['--resume', out], /checkpoint.json': episode must be a whole number from 0 to 100000, got -3/],
      [() => writeFileSync(checkpoint, good.replace(/"sigma":\[\[[^,]*,/, '"sigma":[["x",')), ['--resume', out], /checkpoint.json': memory must be a memory table \(memory sigma\[0\]\[0\] must be a finite number > 0, got x\)/],
      [() => writeFileSync(checkpoint, good.replace(/"X":\[/, '"X":[1.5,')), ['--resume', out], /checkpoint.json': rng.learning must be a saved generator state/],
    ];
    for (const [damage, args, message] of cases) {
      damage();
      const r = dra('run', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
    writeFileSync(checkpoint, good);
    expect(dra('run', '--resume', out).code).toBe(0);
    const done = dra('run', '--resume', out);
    expect(done.code).toBe(2);
    expect(done.stderr).toMatch(/the run is complete; nothing to resume/);
  });
});

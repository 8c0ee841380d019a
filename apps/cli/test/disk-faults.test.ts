import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dra } from './dra-process.js';

/** A small tmpfs of our own (needs the right to mount, as on our machines); null with the reason where it is not allowed. */
function smallDisk(kilobytes: number): { dir: string; remount: (options: string) => void; unmount: () => void } | string {
  const dir = mkdtempSync(join(tmpdir(), 'dra-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kilobytes}k`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    return `cannot mount a tmpfs here: ${(error as Error).message.split('\n')[0]}`;
  }
  return {
    dir,
    remount: (options) => execFileSync('mount', ['-o', `remount,${options}`, dir], { stdio: 'pipe' }),
    unmount: () => execFileSync('umount', [dir], { stdio: 'pipe' }),
  };
}

const disk = smallDisk(512);
afterAll(() => {
  if (typeof disk !== 'string') disk.unmount();
});
const inProgress = (dir: string) => join(dirname(dir), `.${basename(dir)}.in-progress`);
const quick = ['--env', 'maze', '--eval-every', '100', '--eval-rollouts', '5'];

describe.skipIf(typeof disk === 'string')(`disk faults on a 512 KB tmpfs${typeof disk === 'string' ? ` (skipped: ${disk})` : ''}`, () => {
  const d = typeof disk === 'string' ? '' : disk;
  it('a --force replacement that dies of ENOSPC exits 3 naming the path and the reason, keeps the finished run and its own checkpoint, and resumes to the same bytes once there is room', () => {
    const { dir } = d as Exclude<typeof disk, string>;
    const out = join(dir, 'd');
    expect(dra('run', ...quick, '--episodes', '200', '--seed', '1', '--out', out).code).toBe(0);
    const finished = readFileSync(join(out, 'memory.json'), 'utf8');
    // Leave about 40 KB: room to start and for a few checkpoints, not for the whole run.
    const free = () => statfsSync(dir).bavail * statfsSync(dir).bsize;
    writeFileSync(join(dir, 'filler'), Buffer.alloc(Math.max(0, free() - 40_000)));
    const r = dra('run', ...quick, '--episodes', '20000', '--seed', '2', '--force', '--out', out, '--checkpoint-every', '100');
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/^dra: cannot (open|write) '.*': no space left on the device \(ENOSPC\); the run's last checkpoint is intact in '.*\.d\.in-progress': fix the cause, then dra run --resume .*d\n$/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(out, 'memory.json'), 'utf8')).toBe(finished);
    expect(existsSync(inProgress(out))).toBe(true);
    rmSync(join(dir, 'filler'));
    const resumed = dra('run', '--resume', out);
    expect(resumed.code, resumed.stderr).toBe(0);
    const whole = join(mkdtempSync(join(tmpdir(), 'dra-whole-')), 'whole');
    expect(dra('run', ...quick, '--episodes', '20000', '--seed', '2', '--out', whole).code).toBe(0);
    expect(readFileSync(join(out, 'memory.json'), 'utf8')).toBe(readFileSync(join(whole, 'memory.json'), 'utf8'));
  });

  it('a read-only file system is refused before training, exit 3, naming the path, leaving nothing behind', () => {
    const { dir, remount } = d as Exclude<typeof disk, string>;
    mkdirSync(join(dir, 'ro'), { recursive: true });
    remount('ro');
    try {
      const r = dra('run', ...quick, '--episodes', '100000', '--out', join(dir, 'ro', 'run'));
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/^dra: cannot \w+ '.*ro.*': read-only file system \(EROFS\)\n$/);
    } finally {
      remount('rw');
    }
    expect(existsSync(join(dir, 'ro', 'run'))).toBe(false);
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/dra.js', import.meta.url));

function dra(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const withoutSeconds = (text: string) => {
  const { seconds, ...rest } = JSON.parse(text) as Record<string, unknown>;
  expect(typeof seconds).toBe('number');
  return JSON.stringify(rest);
};

describe('dra run', () => {
  it('prints one JSON object whose bytes, but for seconds, repeat for a seed', () => {
    const a = dra('run', '--episodes', '150', '--seed', '5', '--json');
    const b = dra('run', '--episodes', '150', '--seed', '5', '--json');
    expect(a.code).toBe(0);
    expect(a.stdout.trim().split('\n')).toHaveLength(1);
    const result = JSON.parse(a.stdout);
    for (const key of ['objective', 'return', 'memoryCost', 'actionEntropy', 'episodes', 'seed', 'steps', 'seconds', 'curve']) {
      expect(result).toHaveProperty(key);
    }
    expect(result.curve.map((p: { episode: number }) => p.episode)).toEqual([0, 100]);
    expect(result.objective).toBeCloseTo((result.curve[0].objective + result.curve[1].objective) / 2, 10);
    expect(withoutSeconds(a.stdout)).toBe(withoutSeconds(b.stdout));
  });

  it('writes a run directory atomically, identical memory.json for a seed, and never overwrites without --force', () => {
    const root = mkdtempSync(join(tmpdir(), 'dra-cli-'));
    const first = join(root, 'first');
    const second = join(root, 'second');
    expect(dra('run', '--episodes', '120', '--seed', '3', '--out', first).code).toBe(0);
    expect(dra('run', '--episodes', '120', '--seed', '3', '--out', second).code).toBe(0);
    expect(readdirSync(first).sort()).toEqual(['config.json', 'curve.csv', 'memory.json', 'run.json']);
    expect(readFileSync(join(first, 'memory.json'), 'utf8')).toBe(readFileSync(join(second, 'memory.json'), 'utf8'));
    const memory = JSON.parse(readFileSync(join(first, 'memory.json'), 'utf8'));
    expect(memory.mean).toHaveLength(54);
    expect(memory.sigma[0]).toHaveLength(4);
    expect(readFileSync(join(first, 'curve.csv'), 'utf8').split('\n')[0]).toBe('episode,objective,return,memoryCost,actionEntropy');
    expect(JSON.parse(readFileSync(join(first, 'run.json'), 'utf8')).status).toBe('completed');
    expect(JSON.parse(readFileSync(join(first, 'config.json'), 'utf8')).episodes).toBe(120);

    const before = readFileSync(join(first, 'memory.json'), 'utf8');
    const again = dra('run', '--episodes', '60', '--seed', '4', '--out', first);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; pass --force/);
    expect(readFileSync(join(first, 'memory.json'), 'utf8')).toBe(before);

    expect(dra('run', '--episodes', '60', '--seed', '4', '--out', first, '--force').code).toBe(0);
    expect(readFileSync(join(first, 'memory.json'), 'utf8')).not.toBe(before);
    expect(readdirSync(root).sort()).toEqual(['first', 'second']); // no staging leftovers
  });

  it.each([
    [['--lamda', '0.1'], /unknown option '--lamda'[\s\S]*Did you mean --lambda\?/],
    [['--lambda', '-0.1'], /--lambda must be a finite number >= 0, got -0.1/],
    [['--beta', '0'], /--beta must be a finite number > 0, got 0/],
    [['--sigma0', '0'], /--sigma0 must be a finite number > 0, got 0/],
    [['--episodes', '1.5'], /--episodes <n>' argument '1.5' is invalid/],
    [['--lambda', 'NaN'], /--lambda <x>' argument 'NaN' is invalid/],
    [['--beta', 'Infinity'], /--beta <x>' argument 'Infinity' is invalid/],
    [['--estimator', 'B'], /expected one of A, Q, R, causal, got 'B'/],
    [['--env', 'moon'], /expected one of maze, got 'moon'/],
    [['--sigma-min', '5', '--sigma-max', '1'], /--sigma-max must be a finite number >= --sigma-min, got 1/],
  ])('rejects %j with exit code 2, naming flag and value, writing nothing', (args, message) => {
    const out = join(mkdtempSync(join(tmpdir(), 'dra-bad-')), 'run');
    const r = dra('run', ...args, '--episodes', (args as string[]).includes('--episodes') ? '1.5' : '10', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });
});

describe('dra bench', () => {
  it('reports steps per second and the ratio to a baseline command', () => {
    const r = dra('bench', '--episodes', '100', '--repeat', '1', '--json', '--baseline', `echo '{"steps_per_sec": 1000}'`);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.stepsPerSecond).toBeGreaterThan(0);
    expect(result.baseline.stepsPerSecond).toBe(1000);
    expect(result.ratio).toBeCloseTo(result.stepsPerSecond / 1000, 10);
  });

  it('rejects a baseline that prints no rate', () => {
    const r = dra('bench', '--episodes', '10', '--repeat', '1', '--baseline', 'echo nothing');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/did not print JSON/);
  });
});

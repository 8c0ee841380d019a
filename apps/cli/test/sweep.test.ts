import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dra, draInBackground } from './dra-process.js';

/** 3 x 2 x 2 grid x 2 replicates = 24 cells of short maze runs. */
function sweepConfig(episodes: number): string {
  return [
    'task: maze',
    'seed: 7',
    'replicates: 2',
    'fixed:',
    `  episodes: ${episodes}`,
    '  evalEvery: 20',
    '  evalRollouts: 10',
    'grid:',
    '  lambda: [0.05, 0.1, 0.2]',
    '  sigma0: [1, 3]',
    '  objective: [dra, eq8]',
    '',
  ].join('\n');
}

function setUp(episodes = 40) {
  const root = mkdtempSync(join(tmpdir(), 'dra-sweep-'));
  const config = join(root, 'sweep.yaml');
  writeFileSync(config, sweepConfig(episodes));
  return { root, config };
}

const results = (dir: string) => ({ csv: readFileSync(join(dir, 'results.csv'), 'utf8'), jsonl: readFileSync(join(dir, 'results.jsonl'), 'utf8') });

/** Every file of a directory tree with its bytes, to show an error left it untouched. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) files[join(entry.parentPath, entry.name)] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  }
  return files;
}

describe('dra sweep and dra merge', () => {
  it('give the same merged bytes on 1 thread, on all cores, as 3 merged shards, and killed with kill -9 then resumed', async () => {
    const { root, config } = setUp();
    const one = join(root, 'one');
    expect(dra('sweep', config, '--out', one, '--threads', '1').code).toBe(0);
    const reference = results(one);
    expect(readdirSync(join(one, 'cells'))).toHaveLength(24);
    // 24 cells x (5 final rows + 4 rows per evaluation at episodes 0 and 20) + header
    expect(reference.csv.trim().split('\n')).toHaveLength(1 + 24 * (5 + 2 * 4));
    expect(reference.csv.split('\n')[0]).toBe('cell,lambda,sigma0,objective,replicate,seed,episode,metric,value');

    const all = join(root, 'all');
    expect(dra('sweep', config, '--out', all, '--threads', String(Math.max(2, availableParallelism()))).code).toBe(0);
    expect(results(all)).toEqual(reference);

    const shards = [1, 2, 3].map((i) => join(root, `shard-${i}`));
    shards.forEach((dir, k) => {
      const r = dra('sweep', config, '--out', dir, '--threads', '1', '--shard', `${k + 1}/3`);
      expect(r.code).toBe(0);
      expect(readdirSync(join(dir, 'cells'))).toHaveLength(8);
      expect(existsSync(join(dir, 'results.csv'))).toBe(false);
    });
    const merged = join(root, 'merged');
    expect(dra('merge', ...shards, '--out', merged).code).toBe(0);
    expect(results(merged)).toEqual(reference);

    // Longer cells, so the kill lands part way; the killed sweep's cells are the same runs.
    const slow = setUp(150);
    const uninterrupted = join(slow.root, 'uninterrupted');
    expect(dra('sweep', slow.config, '--out', uninterrupted, '--threads', '1').code).toBe(0);
    const killed = join(slow.root, 'killed');
    const child = draInBackground('sweep', slow.config, '--out', killed, '--threads', '2');
    const cellsDir = join(killed, 'cells');
    while (!(existsSync(cellsDir) && readdirSync(cellsDir).filter((n) => n.endsWith('.json')).length >= 3)) {
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const written = readdirSync(cellsDir).filter((n) => n.startsWith('cell-'));
    expect(written.length).toBeGreaterThanOrEqual(3);
    expect(written.length).toBeLessThan(24);
    const kept = snapshot(cellsDir);
    const resumed = dra('sweep', slow.config, '--out', killed, '--resume', '--threads', '2');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`${24 - written.length} run, ${written.length} already done`);
    for (const [path, text] of Object.entries(kept)) if (!path.includes('.partial-')) expect(readFileSync(path, 'utf8')).toBe(text);
    expect(results(killed)).toEqual(results(uninterrupted));
  });

  it('seeds each cell from the sweep seed and its own grid values, so adding a grid value keeps the other cells', () => {
    const { root, config } = setUp();
    const wider = join(root, 'wider.yaml');
    writeFileSync(wider, sweepConfig(40).replace('lambda: [0.05, 0.1, 0.2]', 'lambda: [0.05, 0.1, 0.2, 0.4]'));
    const list = (file: string) =>
      new Map(dra('sweep', file, '--out', join(root, 'unused'), '--dry-run').stdout.trim().split('\n').slice(0, -1).map((line) => [line.split('\t')[1]!, true]));
    const narrow = list(config);
    const wide = list(wider);
    expect(narrow.size).toBe(24);
    expect(wide.size).toBe(32);
    for (const cell of narrow.keys()) expect(wide.has(cell)).toBe(true);
  });

  it('reports bad configs at their line and column, all at once, with exit code 2', () => {
    const { root } = setUp();
    const bad = join(root, 'bad.yaml');
    writeFileSync(bad, ['task: maze', 'replicate: 2', 'fixed:', '  episodes: 10', '  lambda: -1', 'grid:', '  sigma0: [1, "3"]', '  seed: [1, 2]', '  toString: [1]', ''].join('\n'));
    const r = dra('sweep', bad, '--out', join(root, 'out'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:2:1: unknown key 'replicate' in the config (did you mean 'replicates'?)`);
    expect(r.stderr).toContain(`${bad}:7:15: grid.sigma0[1]:`);
    expect(r.stderr).toContain(`${bad}:8:3: grid: 'seed' is not a setting a sweep can vary`);
    expect(r.stderr).toContain(`${bad}:5:11: lambda must be a finite number >= 0, got -1`);
    expect(r.stderr).toContain(`${bad}:9:3: grid: 'toString' is not a setting a sweep can vary`);
    expect(r.stderr).not.toContain('    at ');
    expect(existsSync(join(root, 'out'))).toBe(false);

    const malformed = join(root, 'malformed.yaml');
    writeFileSync(malformed, 'task: maze\ngrid:\n  lambda: [0.1, 0.2\n');
    const m = dra('sweep', malformed, '--out', join(root, 'out'));
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(new RegExp(`${malformed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `));
    expect(existsSync(join(root, 'out'))).toBe(false);
  });

  it('rejects bad shards, foreign directories and mixed merges with exit code 2, leaving what exists untouched', () => {
    const { root, config } = setUp();
    for (const shard of ['4/3', '0/0', '0/3', 'a/b', '1/0']) {
      const r = dra('sweep', config, '--out', join(root, 'x'), '--shard', shard);
      expect(r.code, shard).toBe(2);
      expect(r.stderr).toContain(`'${shard}'`);
    }
    expect(existsSync(join(root, 'x'))).toBe(false);

    const done = join(root, 'done');
    expect(dra('sweep', config, '--out', done, '--threads', '2').code).toBe(0);
    const before = snapshot(done);
    const again = dra('sweep', config, '--out', done);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already holds a sweep; pass --resume');
    const other = join(root, 'other.yaml');
    writeFileSync(other, sweepConfig(40).replace('seed: 7', 'seed: 8'));
    const foreign = dra('sweep', other, '--out', done, '--resume');
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain('holds a different sweep');
    expect(snapshot(done)).toEqual(before);

    const otherShard = join(root, 'other-shard');
    expect(dra('sweep', other, '--out', otherShard, '--shard', '1/3', '--threads', '1').code).toBe(0);
    const mixed = dra('merge', done, otherShard, '--out', join(root, 'mixed'));
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('holds a different sweep');
    expect(existsSync(join(root, 'mixed'))).toBe(false);

    const incomplete = dra('merge', otherShard, '--out', join(root, 'incomplete'));
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toContain('16 of 24 cells are missing: cell-0001, cell-0002, cell-0004');

    const twice = dra('merge', done, done, '--out', join(root, 'twice'));
    expect(twice.code).toBe(2);
    const runDir = join(root, 'run');
    expect(dra('run', '--episodes', '5', '--out', runDir).code).toBe(0);
    const notSweep = dra('merge', runDir, '--out', join(root, 'm'));
    expect(notSweep.code).toBe(2);
    expect(notSweep.stderr).toContain(`'${runDir}' is not a sweep directory`);

    mkdirSync(join(root, 'busy'));
    writeFileSync(join(root, 'busy', 'notes.txt'), 'mine');
    const busy = dra('sweep', config, '--out', join(root, 'busy'));
    expect(busy.code).toBe(2);
    expect(readFileSync(join(root, 'busy', 'notes.txt'), 'utf8')).toBe('mine');

    const existing = dra('merge', done, '--out', done);
    expect(existing.code).toBe(2);
    expect(snapshot(done)).toEqual(before);
  });
});

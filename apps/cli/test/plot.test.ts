import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryTable } from '@dra/core';
import { hardThompsonChoiceEntropy } from '@dra/policies';
import { beforeAll, describe, expect, it } from 'vitest';
import { dra } from './dra-process.js';

const root = mkdtempSync(join(tmpdir(), 'dra-plot-'));
const runs = ['s1-seed1', 's1-seed2', 's5-seed1'];

beforeAll(() => {
  for (const [name, sigma0, seed] of [[runs[0], '1', '1'], [runs[1], '1', '2'], [runs[2], '5', '1']] as const) {
    const r = dra('run', '--env', 'maze', '--episodes', '200', '--eval-every', '50', '--eval-rollouts', '20', '--sigma0', sigma0, '--seed', seed, '--out', join(root, name));
    expect(r.code).toBe(0);
  }
  const tp = dra('time-pressure', '--restarts', '1', '--evaluations', '200', '--fresh-trials', '2000', '--budgets', '3,24', '--seeds', '1,2', '--json');
  expect(tp.code).toBe(0);
  writeFileSync(join(root, 'tp.json'), tp.stdout);
});

const read = (...path: string[]) => readFileSync(join(root, ...path), 'utf8');

describe('dra plot', () => {
  it('draws maps per run, curves and bars over seeds, and the planning figures, each with its spec and data, the same bytes twice', () => {
    const inputs = [...runs.map((r) => join(root, r)), join(root, 'tp.json')];
    const a = dra('plot', ...inputs, '--out', join(root, 'figs-a'));
    expect(a.code, a.stderr).toBe(0);
    expect(dra('plot', ...inputs, '--out', join(root, 'figs-b')).code).toBe(0);
    const index = JSON.parse(read('figs-a', 'figures.json')) as { name: string; files: string[] }[];
    expect(index.map((f) => f.name)).toEqual([
      ...runs.flatMap((r) => [`${r}-choice-entropy`, `${r}-sigma`, `${r}-value`]),
      'convergence',
      'final-bars',
      'tp-flexible-minus-equal',
      'tp-objective',
      'tp-sigma-table',
      'tp-dprime',
    ]);
    for (const file of readdirSync(join(root, 'figs-a'))) expect(read('figs-b', file), file).toBe(read('figs-a', file));
    for (const { name } of index) {
      const svg = read('figs-a', `${name}.svg`);
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
      const spec = JSON.parse(read('figs-a', `${name}.vl.json`));
      expect(spec.data).toEqual({ url: `${name}.data.json` });
      expect(Array.isArray(JSON.parse(read('figs-a', `${name}.data.json`)))).toBe(true);
    }
  });

  it("maps the hard-Thompson choice entropy of the saved memory, walls null, start and goal marked (oracle: hardThompsonChoiceEntropy)", () => {
    const cells = JSON.parse(read('figs-a', `${runs[0]}-choice-entropy.data.json`)) as { row: number; column: number; state: number; kind: string; value: number | null; marker: string }[];
    expect(cells).toHaveLength(54);
    const memory = MemoryTable.fromRows(JSON.parse(read(runs[0]!, 'memory.json')));
    const scratch = new Float64Array(4);
    for (const cell of cells) {
      expect(cell.state).toBe(cell.row * 9 + cell.column);
      if (cell.kind === 'wall') expect(cell.value).toBeNull();
      else expect(cell.value).toBeCloseTo(hardThompsonChoiceEntropy(scratch, memory.mean, memory.sigma, memory.actionStart[cell.state]!, 4), 12);
    }
    expect(cells.filter((c) => c.kind === 'wall').map((c) => [c.row, c.column])).toEqual([[0, 7], [1, 2], [1, 7], [2, 2], [2, 7], [3, 2], [4, 5]]);
    expect(cells.find((c) => c.marker === 'S')).toMatchObject({ row: 2, column: 0 });
    expect(cells.find((c) => c.marker === 'G')).toMatchObject({ row: 0, column: 8 });
    const curves = JSON.parse(read('figs-a', 'convergence.data.json')) as { series: string; seed: number }[];
    expect([...new Set(curves.map((c) => `${c.series}/${c.seed}`))]).toEqual(['sigma0=1/1', 'sigma0=1/2', 'sigma0=5/1']);
  });

  it('titles each run\'s maps once by environment, objective, settings and seed, and the curves by what the runs share and what tells them apart', () => {
    const title = (name: string) => JSON.parse(read('figs-a', `${name}.vl.json`)).title;
    const heading = title(`${runs[0]}-sigma`).text as string;
    expect(heading).toBe('maze · DRA · lambda=0.1 · sigma0=1 · seed 1 · episode 200');
    expect(heading.match(/maze/g)).toHaveLength(1);
    expect(title('final-bars')).toBe('maze · DRA · by sigma0 · seeds 1, 2');
    expect(title('convergence').text ?? title('convergence')).toBe('maze · DRA · by sigma0 · seeds 1, 2');
  });

  it('writes a PNG of each figure with --png', () => {
    const r = dra('plot', join(root, runs[0]!), '--out', join(root, 'figs-png'), '--png');
    expect(r.code, r.stderr).toBe(0);
    const png = readFileSync(join(root, 'figs-png', 'convergence.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(10_000);
  });

  it('refuses bad inputs with exit code 2, a message naming the file, and writes nothing', () => {
    const bad = join(root, 'bad');
    mkdirSync(bad);
    const cases: [string[], RegExp][] = [
      [[join(root, 'nowhere')], /'.*nowhere': no such file or directory/],
      [[bad], /is not a run directory \(as written by dra run --out\): missing config.json, curve.csv, memory.json/],
    ];
    const broken = join(root, 'broken-curve');
    mkdirSync(broken);
    for (const f of ['config.json', 'memory.json']) writeFileSync(join(broken, f), read(runs[0]!, f));
    writeFileSync(join(broken, 'curve.csv'), read(runs[0]!, 'curve.csv').replace(/\n0,([^,]*),/, '\n0,oops,'));
    cases.push([[broken], /curve.csv' line 2: objective must be a finite number, got "oops"/]);
    const typo = join(root, 'typo-config');
    mkdirSync(typo);
    for (const f of ['curve.csv', 'memory.json']) writeFileSync(join(typo, f), read(runs[0]!, f));
    writeFileSync(join(typo, 'config.json'), read(runs[0]!, 'config.json').replace('"lambda": 0.1', '"lambda": -1'));
    cases.push([[typo], /config.json':\n.*lambda must be a finite number >= 0, got -1/]);
    const truncated = join(root, 'truncated-memory');
    mkdirSync(truncated);
    for (const f of ['curve.csv', 'config.json']) writeFileSync(join(truncated, f), read(runs[0]!, f));
    writeFileSync(join(truncated, 'memory.json'), read(runs[0]!, 'memory.json').slice(0, 100));
    cases.push([[truncated], /memory.json': not valid JSON/]);
    writeFileSync(join(root, 'not-tp.json'), '{"settings": {"depth": 3}, "rows": []}');
    cases.push([[join(root, 'not-tp.json')], /is not a dra time-pressure --json result:\ndra: {3}model: Invalid option: expected one of "tree-search"\|"gradient"/]);
    cases.push([[join(root, runs[0]!), join(root, runs[0]!)], /is given twice/]);
    for (const [inputs, message] of cases) {
      const out = join(root, 'never');
      const r = dra('plot', ...inputs, '--out', out);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('draws a curve of 700 000 evaluations (50 MB of curve.csv) by thinning it for the figure, keeping the run\'s data', () => {
    const long = join(root, 'long-run');
    mkdirSync(long);
    for (const f of ['config.json', 'memory.json']) writeFileSync(join(long, f), read(runs[0]!, f));
    const header = read(runs[0]!, 'curve.csv').split('\n')[0]!;
    const rows = Array.from({ length: 700_000 }, (_, i) => `${i * 10},${(-20 + 8 * (1 - Math.exp(-i / 1e5))).toFixed(6)},-8.123456,6.123456,3.123456`);
    writeFileSync(join(long, 'curve.csv'), `${header}\n${rows.join('\n')}\n`);
    const r = dra('plot', long, '--out', join(root, 'long-figs'));
    expect(r.code, r.stderr).toBe(0);
    const data = JSON.parse(read('long-figs', 'convergence.data.json')) as unknown[];
    expect(data.length).toBeLessThanOrEqual(2 * 1001);
    expect(JSON.parse(read('long-figs', 'figures.json')).find((f: { name: string }) => f.name === 'convergence').caption).toMatch(/every 700th evaluation drawn, and the last; the run's curve.csv holds all 700000/);
  });

  it('never replaces an existing output directory without --force', () => {
    const out = join(root, 'kept');
    mkdirSync(out);
    writeFileSync(join(out, 'mine.txt'), 'keep me');
    const r = dra('plot', join(root, runs[0]!), '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already exists; pass --force/);
    expect(readFileSync(join(out, 'mine.txt'), 'utf8')).toBe('keep me');
  });
});

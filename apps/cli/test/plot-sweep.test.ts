import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dra } from './dra-process.js';

const root = mkdtempSync(join(tmpdir(), 'dra-plot-sweep-'));
const sweep = join(root, 'grid');
const config = join(root, 'grid.yaml');
const figures = join(root, 'figs');
let plotted: ReturnType<typeof dra>;

/** lambda x sigma0, 2 replicates: 8 short maze runs. */
const CONFIG = ['task: maze', 'seed: 3', 'replicates: 2', 'fixed:', '  episodes: 30', '  evalEvery: 10', '  evalRollouts: 5', 'grid:', '  lambda: [0.05, 0.2]', '  sigma0: [1, 4]', ''].join('\n');

interface Cell {
  index: number;
  parameters: { lambda: number; sigma0: number };
  replicate: number;
  final: { objective: number; return: number; memoryCost: number; actionEntropy: number };
}
type Row = Record<string, string | number | null>;
type Index = { name: string; caption: string; files: string[] }[];

const cellsOf = (dir: string): Cell[] => readdirSync(join(dir, 'cells')).filter((n) => n.endsWith('.json')).map((n) => JSON.parse(readFileSync(join(dir, 'cells', n), 'utf8')));
const read = (...path: string[]) => readFileSync(join(...path), 'utf8');
const indexOf = (dir: string): Index => JSON.parse(read(dir, 'figures.json'));
const FIGURES = ['grid-by-lambda', 'grid-by-sigma0', 'grid-heatmap-lambda-sigma0'];

/** A copy of the sweep directory holding only the cells `keep` accepts. */
function partialCopy(name: string, keep: (file: string) => boolean): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'cells'), { recursive: true });
  copyFileSync(join(sweep, 'sweep.json'), join(dir, 'sweep.json'));
  for (const file of readdirSync(join(sweep, 'cells')).filter(keep)) copyFileSync(join(sweep, 'cells', file), join(dir, 'cells', file));
  return dir;
}

beforeAll(() => {
  writeFileSync(config, CONFIG);
  const r = dra('sweep', config, '--out', sweep, '--threads', '1');
  expect(r.code, r.stderr).toBe(0);
  expect(cellsOf(sweep)).toHaveLength(8);
  plotted = dra('plot', sweep, '--out', figures, '--png');
});

describe('dra plot SWEEPDIR', () => {
  it('draws the final values by each grid key and a heat map of the pair, each with SVG, PNG, spec and data', () => {
    const [out, r] = [figures, plotted];
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`3 figures in ${out}: ${FIGURES.join(', ')}`);
    const index = indexOf(out);
    expect(index.map((f) => f.name)).toEqual(FIGURES);
    for (const { name, caption, files } of index) {
      expect(files).toEqual([`${name}.svg`, `${name}.vl.json`, `${name}.data.json`, `${name}.png`]);
      expect(caption).toMatch(/; 8 of 8 cells$/);
      expect(read(out, `${name}.svg`).startsWith('<svg')).toBe(true);
      expect(JSON.parse(read(out, `${name}.vl.json`)).data).toEqual({ url: `${name}.data.json` });
      const png = readFileSync(join(out, `${name}.png`));
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(png.length).toBeGreaterThan(10_000);
    }
    expect(index[0]!.caption).toContain('one line per value of sigma0; mean over the 2 replicates with a band of +- 1 s.e.');
    expect(JSON.parse(read(out, 'grid-by-lambda.vl.json')).title.text).toBe('maze sweep · final values by lambda');
  });

  it("draws each point as the mean +- 1 s.e. over replicates of the cells' final values, and the heat map as their mean", () => {
    const out = figures;
    const cells = cellsOf(sweep);
    const rows: Row[] = JSON.parse(read(out, 'grid-by-lambda.data.json'));
    expect(rows).toHaveLength(2 * 2 * 4);
    for (const row of rows) {
      const values = cells.filter((c) => c.parameters.lambda === row.gridValue && `sigma0=${c.parameters.sigma0}` === row.series).map((c) => c.final[row.metric as 'return']);
      expect(values).toHaveLength(2);
      const [a, b] = values as [number, number];
      expect(row.mean).toBeCloseTo((a + b) / 2, 9);
      expect(row.standardError).toBeCloseTo(Math.abs(a - b) / 2, 9); // sd / sqrt(2), sd = |a - b| / sqrt(2)
      expect(row.replicates).toBe(2);
    }
    const heat: Row[] = JSON.parse(read(out, 'grid-heatmap-lambda-sigma0.data.json'));
    expect(heat.map((row) => `${row.xValue}/${row.yValue}`)).toEqual(['0.05/1', '0.2/1', '0.05/4', '0.2/4']);
    for (const row of heat) {
      const values = cells.filter((c) => String(c.parameters.lambda) === row.xValue && String(c.parameters.sigma0) === row.yValue).map((c) => c.final.objective);
      expect(row.objective).toBeCloseTo((values[0]! + values[1]!) / 2, 9);
      expect(row.cells).toBe(2);
    }
  });

  it('plots the finished cells of an incomplete sweep (failed cells aside) and says how many there are', () => {
    const partial = partialCopy('partial', (file) => !['cell-0000.json', 'cell-0005.json', 'cell-0006.json'].includes(file));
    mkdirSync(join(partial, 'failed'));
    writeFileSync(join(partial, 'failed', 'cell-0006.json'), '{"error": "out of memory"}\n');
    const out = join(root, 'partial-figs');
    const r = dra('plot', partial, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    for (const { caption } of indexOf(out)) expect(caption).toMatch(/; 5 of 8 cells$/);
    const lone = (JSON.parse(read(out, 'partial-by-lambda.data.json')) as Row[]).filter((row) => row.gridValue === 0.05 && row.series === 'sigma0=1');
    expect(lone.map((row) => [row.replicates, row.standardError])).toEqual(Array(4).fill([1, null]));
  });

  it('draws the shard directories of one sweep as one sweep', () => {
    const shards = [1, 2].map((i) => partialCopy(`shard-${i}`, (file) => Number(/\d+/.exec(file)![0]) % 2 === i - 1));
    const out = join(root, 'shard-figs');
    const r = dra('plot', ...shards, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(indexOf(out).map((f) => f.name)).toEqual(FIGURES.map((name) => name.replace('grid', 'shard-1')));
    expect(read(out, 'shard-1-by-sigma0.data.json')).toBe(read(figures, 'grid-by-sigma0.data.json'));
  });

  it('keeps --title, and --force to replace the figures', () => {
    const out = join(root, 'titled');
    expect(dra('plot', sweep, '--out', out).code).toBe(0);
    const again = dra('plot', sweep, '--out', out, '--title', 'Memory cost weight against initial noise');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; pass --force/);
    const forced = dra('plot', sweep, '--out', out, '--title', 'Memory cost weight against initial noise', '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(read(out, 'grid-heatmap-lambda-sigma0.vl.json')).title.text).toBe('Memory cost weight against initial noise · mean final objective by lambda and sigma0');
    expect(indexOf(out)[0]!.caption.startsWith('Memory cost weight against initial noise: ')).toBe(true);
  });

  it('refuses a sweep directory with no finished cell with exit code 2, naming it, and writes nothing', () => {
    const empty = partialCopy('empty', () => false);
    const bare = join(root, 'bare');
    mkdirSync(bare);
    copyFileSync(join(sweep, 'sweep.json'), join(bare, 'sweep.json'));
    for (const dir of [empty, bare]) {
      const out = join(root, 'never');
      const r = dra('plot', dir, '--out', out);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`'${dir}' is a sweep directory with no finished cell to plot`);
      expect(existsSync(out)).toBe(false);
    }
    const r = dra('plot', sweep, empty, '--out', join(root, 'never'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`'${empty}'`);
  });
});

import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assembleTreeSearchComparison, planningChecks, compareUnderTimePressure, runTreeSearchJob, summariseRow, TIME_PRESSURE_DEFAULTS, TREE_SEARCH_DEFAULTS, type TimePressureComparison, type TreeSearchComparison } from '@dra/experiments';
import { beforeAll, describe, expect, it } from 'vitest';
import { dra } from './dra-process.js';

const root = mkdtempSync(join(tmpdir(), 'dra-reproduce-'));
const all = join(root, 'all');
const read = (...path: string[]) => readFileSync(join(...path), 'utf8');

interface Check {
  id: string;
  pass: boolean;
}

beforeAll(() => {
  const r = dra('reproduce', 'all', '--quick', '--threads', '2', '--out', all);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/dra reproduce all --quick: \d+ of \d+ checks pass, 16 figures/);
});

describe('dra reproduce all --quick', () => {
  it('writes the report, results.json, valid SVG figures with spec and data, and run directories', () => {
    const entries = readdirSync(all).sort();
    expect(entries).toEqual(['figures', 'planning', 'report.md', 'results.json', 'runs']);
    const index = JSON.parse(read(all, 'figures', 'figures.json')) as { name: string }[];
    expect(index.map((f) => f.name).sort()).toEqual(
      [
        'fig1-convergence', 'fig1-final', 'fig1-choice-entropy-before-switch', 'fig1-sigma-before-switch', 'fig1-choice-entropy-after-switch', 'fig1-sigma-after-switch',
        'fig2-convergence', 'fig2-estimators', 'fig2-value', 'fig2-choice-entropy',
        'fig3-flexible-minus-equal', 'fig3-objective', 'fig3-sigma-table', 'fig3-dprime', 'objectives-final', 'objectives-convergence',
      ].sort(),
    );
    for (const { name } of index) {
      const svg = read(all, 'figures', `${name}.svg`);
      expect(svg.startsWith('<svg'), name).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>'), name).toBe(true);
      expect(svg, name).not.toMatch(/NaN|Infinity|undefined/);
      expect(JSON.parse(read(all, 'figures', `${name}.vl.json`)).data.url).toBe(`${name}.data.json`);
    }
    // 4 sigma0 x 5 seeds + 10 seeds x 2 switch runs on the maze, 3 estimators x 2 seeds on mountain car.
    expect(readdirSync(join(all, 'runs'))).toHaveLength(40 + 6);
    const report = read(all, 'report.md');
    for (const heading of ['## Fig. 1: the maze', '## Fig. 2: mountain car', '## Fig. 3: the planning task under time pressure', '## Eq. 8 against Eq. 10 (and DRA)']) expect(report).toContain(heading);
  });

  it("puts the maze's final objective and memory cost inside the published ranges and converges faster from sigma0 = 1 than from 5 (oracle: docs/tasks.md 1, the C reference)", () => {
    const results = JSON.parse(read(all, 'results.json')) as { checks: Check[]; maze: { series: { sigma0: number; convergenceEpisode: number }[] } };
    const byId = new Map(results.checks.map((c) => [c.id, c.pass]));
    for (const sigma0 of [1, 3, 4, 5]) {
      expect(byId.get(`maze.sigma0-${sigma0}.objective`), `objective, sigma0 = ${sigma0}`).toBe(true);
      expect(byId.get(`maze.sigma0-${sigma0}.memoryCost`), `memory cost, sigma0 = ${sigma0}`).toBe(true);
    }
    expect(byId.get('maze.sigma0-1.objectiveAt500')).toBe(true);
    expect(byId.get('maze.sigma0-5.objectiveAt500')).toBe(true);
    expect(byId.get('maze.faster-with-high-initial-resources')).toBe(true);
    // Every maze claim of the report holds (returns included, the switch, the initial cost).
    expect(results.checks.filter((c) => c.id.startsWith('maze.') && !c.pass).map((c) => c.id)).toEqual([]);
    const episodes = results.maze.series.map((s) => s.convergenceEpisode);
    expect(episodes[0]).toBeLessThan(episodes[3]!);
    // Every planning claim holds too, on the gradient-free allocator.
    expect(results.checks.filter((c) => c.id.startsWith('planning.') && !c.pass).map((c) => c.id)).toEqual([]);
    expect(results.checks.filter((c) => c.id.startsWith('planning.'))).toHaveLength(6);
  });

  it('gives the same bytes on one thread as on two (fig1)', () => {
    const one = join(root, 'fig1-one-thread');
    const r = dra('reproduce', 'fig1', '--quick', '--threads', '1', '--out', one);
    expect(r.code, r.stderr).toBe(0);
    const maze = (dir: string) => JSON.stringify(JSON.parse(read(dir, 'results.json')).maze);
    expect(maze(one)).toBe(maze(all));
    for (const file of readdirSync(join(one, 'figures')).filter((f) => f.startsWith('fig1-'))) expect(read(one, 'figures', file), file).toBe(read(all, 'figures', file));
    for (const run of readdirSync(join(one, 'runs'))) expect(read(one, 'runs', run, 'memory.json')).toBe(read(all, 'runs', run, 'memory.json'));
  });

  it('leaves run directories dra plot can read back', () => {
    const runs = ['maze-sigma0-1-seed-1', 'maze-sigma0-5-seed-1'].map((r) => join(all, 'runs', r));
    const r = dra('plot', ...runs, join(all, 'planning', 'time-pressure.json'), '--out', join(root, 'replot'));
    expect(r.code, r.stderr).toBe(0);
    expect(read(root, 'replot', 'time-pressure-flexible-minus-equal.data.json')).toBe(read(all, 'figures', 'fig3-flexible-minus-equal.data.json'));
  });

  it('refuses a bad figure, a bad thread count and an existing directory with exit code 2, touching nothing', () => {
    const kept = join(root, 'kept');
    mkdirSync(kept);
    writeFileSync(join(kept, 'mine.txt'), 'keep me');
    const cases: [string[], RegExp][] = [
      [['fig4', '--out', join(root, 'never')], /value 'fig4' is invalid for argument 'figure'. expected one of fig1, fig2, fig3, all, got 'fig4'/],
      [['fig1', '--threads', '0', '--out', join(root, 'never')], /--threads must be a whole number >= 1, got 0/],
      [['fig1', '--quik', '--out', join(root, 'never')], /unknown option '--quik'[\s\S]*Did you mean --quick\?/],
      [['fig1', '--out', kept], /already exists; pass --force/],
    ];
    for (const [args, message] of cases) {
      const r = dra('reproduce', ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(existsSync(join(root, 'never'))).toBe(false);
    expect(readdirSync(kept)).toEqual(['mine.txt']);
  });
});

/** The planning claims fail on deliberately wrong variants (docs/tasks.md 2's model and the poster's claims). */
describe('the planning checks of dra reproduce have the power to fail', () => {
  const planning = () => (JSON.parse(read(all, 'results.json')) as { planning: TreeSearchComparison }).planning;
  const passes = (c: TimePressureComparison) => Object.fromEntries(planningChecks(c).map((x) => [x.id, x.pass]));

  it('when equal precision is passed off as flexible: no advantage, no largest gap under pressure, no extra precision where choices matter', () => {
    const c = planning();
    const rows = c.rows.map((r) =>
      summariseRow(
        c.settings.depth,
        r.budget,
        r.runs.map((run) => ({ ...run, flexible: run.equal, difference: 0, differenceStandardError: 0 })),
        r.choices.filter((x) => x.allocation === 'equal').flatMap((x) => [x, { ...x, allocation: 'flexible' as const }]),
      ),
    );
    const p = passes({ ...c, rows });
    expect(p['planning.flexible-ahead-under-pressure']).toBe(false);
    expect(p['planning.largest-gap-under-pressure']).toBe(false);
    expect(p['planning.precision-where-choices-matter']).toBe(false);
  });

  it('when the budget is ignored (every budget searches the whole tree): no advantage, no steeper d\' under pressure', () => {
    const c = planning();
    const whole = c.rows[c.rows.length - 1]!;
    const p = passes({ ...c, rows: c.rows.map((r) => ({ ...whole, budget: r.budget, budgetFraction: r.budgetFraction, poster: r.poster })) });
    expect(p['planning.flexible-ahead-under-pressure']).toBe(false);
    expect(p['planning.dprime-steeper-under-pressure']).toBe(false);
  });

  it('when equal precision is capped at sigma 50 (a wrong bound): a gap with the whole tree', () => {
    const settings = { ...TREE_SEARCH_DEFAULTS, restarts: 1, evaluations: 300, freshTrials: 2000 };
    const c = assembleTreeSearchComparison(settings, [24], [1, 2], (job) => runTreeSearchJob(job.allocation === 'equal' ? { ...settings, sigmaMax: 50 } : settings, job));
    expect(passes(c)['planning.no-gap-with-whole-tree']).toBe(false);
    expect(c.rows[0]!.difference).toBeGreaterThan(2);
  });

  it("on the gradient learner with the paper's constant step from sigma0 (its optimiser artefact): flexible behind equal", () => {
    const c = compareUnderTimePressure({ ...TIME_PRESSURE_DEFAULTS, flexibleFromEqual: null }, [24], [1, 2, 3]);
    expect(passes(c)['planning.flexible-never-behind']).toBe(false);
  });
});

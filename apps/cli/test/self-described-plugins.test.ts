import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dra } from './dra-process.js';

// An environment and an objective, each from one file the toolkit does not know
// (test/fixtures): the objective describes its exact form and kernel path, the environment
// the tabular model it samples. Nothing else in the repository names them.
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const plugins = ['--plugin', fixture('chain-environment.mjs'), '--plugin', fixture('scaled-dra-objective.mjs')];
/** `dra run --json` on the chain into a new run directory; its --json result and its run.json. */
const run = (...args: string[]) => {
  const out = join(mkdtempSync(join(tmpdir(), 'dra-plugins-')), 'run');
  const r = dra('run', ...plugins, '--env', 'chain', '--json', '--out', out, ...args);
  expect(r.stderr.startsWith('dra:') ? r.stderr : '', 'no error').toBe('');
  expect(r.code).toBe(0);
  return { ...JSON.parse(r.stdout), out, kernel: JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).kernel };
};

describe('an objective and an environment from one file each', () => {
  it("train through dra run: DRA scaled by 2 with half DRA's sigma step learns DRA's memories exactly, at twice its cost (oracle: the scaling)", () => {
    const dra1 = run('--objective', 'dra', '--alpha-sigma', '0.1');
    const scaled = run('--objective', 'scaled-dra', '--alpha-sigma', '0.05');
    expect(scaled.config.objective).toBe('scaled-dra');
    // 2 g (alpha / 2) = g alpha exactly in floating point: the same sigmas, means and returns.
    expect(readFileSync(join(scaled.out, 'memory.json'), 'utf8')).toBe(readFileSync(join(dra1.out, 'memory.json'), 'utf8'));
    expect(scaled.return).toBe(dra1.return);
    expect(scaled.memoryCost).toBeCloseTo(2 * dra1.memoryCost, 12);
    expect(scaled.objective).toBeCloseTo(2 * dra1.objective, 12);
  });

  it('take the kernel where both declare it, and the TypeScript path where the environment does not, with the same bits', () => {
    // The objective side of the choice (an objective that declares no kernel path) is tested in @dra/agent's self-described-plugins.test.ts.
    for (const estimator of ['A', 'R']) {
      const kernel = run('--objective', 'scaled-dra', '--estimator', estimator);
      expect(kernel.kernel).toEqual({ episodes: 'wasm', gradient: 'wasm' });
      const noEnvironmentModel = run('--objective', 'scaled-dra', '--estimator', estimator, '--kernel', 'false');
      expect(noEnvironmentModel.kernel).toEqual({ episodes: 'typescript', gradient: 'typescript' });
      expect(noEnvironmentModel.curve).toEqual(kernel.curve);
    }
  });

  it('are evaluated exactly from the objective\'s own description: twice DRA\'s value and gradient (oracle: the scaling)', () => {
    const memory = join(run('--objective', 'scaled-dra').out, 'memory.json');
    const exact = (objective: string) => {
      const r = dra('evaluate', ...plugins, '--env', 'chain', '--memory', memory, '--objective', objective, '--exact', '--json');
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    };
    const [scaled, plain] = [exact('scaled-dra'), exact('dra')];
    expect(scaled.return).toBeCloseTo(plain.return, 12);
    expect(scaled.objective).toBeCloseTo(2 * plain.objective, 12);
    expect(scaled.memoryCost).toBeCloseTo(2 * plain.memoryCost, 12);
    const flat = (rows: number[][]) => rows.flat();
    flat(scaled.gradient).forEach((g: number, i: number) => expect(g).toBeCloseTo(2 * flat(plain.gradient)[i]!, 10));
  });

  it('are taken by config files, sweeps, plot and the run summary like the built-in ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dra-plugins-'));
    writeFileSync(join(dir, 'run.yaml'), 'objective: scaled-dra\nepisodes: 60\nevalEvery: 30\n');
    const fromFile = dra('run', ...plugins, '--env', 'chain', '--config', join(dir, 'run.yaml'), '--out', join(dir, 'run'));
    expect(fromFile.code, fromFile.stderr).toBe(0);
    // the parts of a plugin objective are not "return - memory cost": the summary does not say they are
    expect(fromFile.stdout).toMatch(/^objective -?\d+\.\d{3} \(return -?\d+\.\d{3}, memory cost \d+\.\d{3}\) \(final: mean of the evaluations at episodes \d+, \d+\)$/m);
    expect(fromFile.stdout).not.toMatch(/entropy bonus/);
    const sweep = join(dir, 'sweep.yaml');
    writeFileSync(sweep, 'task: chain\nfixed: { episodes: 40, evalEvery: 20 }\ngrid: { objective: [dra, scaled-dra] }\n');
    const swept = dra('sweep', sweep, ...plugins, '--out', join(dir, 'sweep'), '--threads', '1');
    expect(swept.code, swept.stderr).toBe(0);
    expect(readFileSync(join(dir, 'sweep', 'results.csv'), 'utf8')).toMatch(/scaled-dra/);
    const plotted = dra('plot', ...plugins, join(dir, 'run'), '--out', join(dir, 'figures'));
    expect(plotted.code, plotted.stderr).toBe(0);
  });

  it('name what is wrong: an estimator the objective does not take, an unknown objective', () => {
    const wrong = dra('run', ...plugins, '--env', 'chain', '--objective', 'scaled-dra', '--estimator', 'causal');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe('dra: --estimator must be one of the estimators scaled-dra takes: A, Q, R, got "causal"\n');
    const unknown = dra('run', ...plugins, '--env', 'chain', '--objective', 'scaled');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--objective <id>' argument 'scaled' is invalid. expected one of dra, eq8, eq10, scaled-dra, got 'scaled'/);
  });
});

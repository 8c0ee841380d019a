import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gymnasiumExportText } from '@dra/environments';
import { beforeAll, describe, expect, it } from 'vitest';
import { dra, draIn } from './dra-process.js';

const root = mkdtempSync(join(tmpdir(), 'dra-tabular-'));
const lake = join(root, 'frozenlake.json');

/** The exact evaluation of a memory, without the environment's name (the only field allowed to differ). */
const exactOf = (...args: string[]) => {
  const r = dra('evaluate', '--exact', '--json', ...args);
  expect(r.code, r.stderr).toBe(0);
  const { settings, ...rest } = JSON.parse(r.stdout);
  return JSON.stringify({ ...rest, settings: { ...settings, env: null } });
};

beforeAll(() => {
  writeFileSync(lake, gymnasiumExportText('FrozenLake-v1'));
});

describe('dra envs --export, then --env tabular --model', () => {
  it.each([
    ['maze', [] as string[], ['--episodes', '200']],
    ['huys', ['--depth', '3'], ['--episodes', '2000', '--eval-every', '500', '--eval-rollouts', '100']],
  ])('%s: evaluate --exact gives the same bits from the export as from the environment', (env, options, training) => {
    const exported = join(root, `${env}.json`);
    const r = dra('envs', '--export', env, ...options);
    expect(r.code, r.stderr).toBe(0);
    writeFileSync(exported, r.stdout);
    const run = join(root, `${env}-run`);
    expect(dra('run', '--env', env, ...options, ...training, '--out', run).code).toBe(0);
    const memory = join(run, 'memory.json');
    // The same settings on both sides: a model file has no paper preset of its own.
    const settings = ['--beta', '10', '--lambda', env === 'huys' ? '1' : '0.1', '--sigma-base', env === 'huys' ? '100' : '5'];
    for (const objective of [['--objective', 'dra'], ['--objective', 'eq8', '--t-ref', '20'], ['--objective', 'eq10', '--t-ref', 'realised']]) {
      const fromExport = exactOf('--env', 'tabular', '--model', exported, '--memory', memory, ...settings, ...objective);
      expect(fromExport).toBe(exactOf('--env', env, ...options, '--memory', memory, ...settings, ...objective));
    }
  });

  it('refuses an environment without a tabular model, and lists the file-based ones without building them', () => {
    const r = dra('envs', '--export', 'mountain-car');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mountain-car has no tabular model to export/);
    expect(dra('envs').stdout).toMatch(/tabular: a tabular MDP from a model file[^\n]*\n  shape: from its file \(--model FILE\)/);
  });

  it("--gymnasium writes the Python export script's bytes", () => {
    const r = dra('envs', '--gymnasium', 'Taxi-v4');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(gymnasiumExportText('Taxi-v4'));
    expect(dra('envs', '--gymnasium', 'Taxi-v3').stderr).toMatch(/--gymnasium: unknown id 'Taxi-v3' \(known: FrozenLake-v1, /);
  });
});

describe('a Gymnasium table as a task: run, evaluate --run, rollout --run', () => {
  const run = join(root, 'lake-run');
  beforeAll(() => {
    const r = dra('run', '--env', 'tabular', '--model', lake, '--episodes', '500', '--eval-every', '100', '--out', run);
    expect(r.code, r.stderr).toBe(0);
  });

  it('records the model file by its absolute path, so the run reads back from anywhere', () => {
    const config = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8'));
    expect(config.env).toBe('tabular');
    expect(config.envOptions).toEqual({ model: lake, maxSteps: null });
    const relative = draIn(root, 'run', '--env', 'tabular', '--model', 'frozenlake.json', '--episodes', '5', '--out', 'relative-run');
    expect(relative.code, relative.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'relative-run', 'config.json'), 'utf8')).envOptions.model).toBe(lake);
  });

  it('evaluate --run reads the environment, memory and settings from the run directory', () => {
    expect(exactOf('--run', run)).toBe(exactOf('--env', 'tabular', '--model', lake, '--memory', join(run, 'memory.json'), '--lambda', '0.1', '--beta', '10', '--sigma-base', '5'));
    const conflict = dra('evaluate', '--run', run, '--env', 'maze');
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toMatch(/--env does not apply with --run/);
  });

  it('rollout --run plays the memories with the names of the file, the same bytes for the same seed', () => {
    const a = dra('rollout', '--run', run, '--episodes', '3', '--seed', '4', '--json');
    expect(a.code, a.stderr).toBe(0);
    expect(dra('rollout', '--run', run, '--episodes', '3', '--seed', '4', '--json').stdout).toBe(a.stdout);
    const played = JSON.parse(a.stdout);
    expect(played.policy).toBe('soft-thompson');
    expect(played.episodes).toHaveLength(3);
    for (const e of played.episodes) {
      expect(e.length).toBe(e.steps.length);
      expect(e.return).toBe(e.steps.reduce((s: number, step: { reward: number }) => s + step.reward, 0));
      expect(e.terminated || e.truncated).toBe(true);
      for (const step of e.steps) expect(['left', 'down', 'right', 'up']).toContain(step.actionName);
    }
    expect(played.totals.episodes).toBe(3);
    const human = dra('rollout', '--run', run, '--greedy');
    expect(human.stdout).toMatch(/greedy \(largest mean q\)/);
    expect(human.stdout).toMatch(/^  t 0: 0  (left|down|right|up)  -> \d+/m);
    expect(human.stdout).toMatch(/1 episode: mean return/);
  });
});

describe('a run directory keeps the digests of its input files', () => {
  it('refuses to replay or evaluate a run whose model file changed since it trained', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dra-tabular-digest-'));
    const model = join(dir, 'lake.json');
    writeFileSync(model, gymnasiumExportText('FrozenLake-v1'));
    const run = join(dir, 'run');
    expect(dra('run', '--env', 'tabular', '--model', model, '--episodes', '20', '--out', run).code).toBe(0);
    expect(JSON.parse(readFileSync(join(run, 'run.json'), 'utf8')).inputFiles.model.path).toBe(model);
    expect(dra('rollout', '--run', run).code).toBe(0);
    writeFileSync(model, gymnasiumExportText('FrozenLake-v1').replace(/, 1, true\]/g, ', 100, true]'));
    for (const args of [['rollout', '--run', run], ['evaluate', '--run', run, '--exact']]) {
      const r = dra(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/the model file '.*lake\.json' changed since the run trained \(sha256 [0-9a-f]{12}\.\.\. then, [0-9a-f]{12}\.\.\. now\)/);
    }
  });

  it('evaluate --exact says when the exact value leaves out the time limit that rollouts respect', () => {
    const run = join(root, 'lake-run');
    expect(dra('evaluate', '--run', run, '--exact').stderr).toMatch(/note: the exact value is of the task without its time limit of 100 steps/);
    expect(dra('evaluate', '--env', 'maze', '--memory', join(root, 'maze-run', 'memory.json'), '--exact').stderr).not.toMatch(/time limit/);
  });

  it('refuses to export a task that changes its model during training', () => {
    const r = dra('envs', '--export', 'maze', '--switch-at', '3');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/changes its model during training \(a scheduled change\)/);
  });
});

describe('a run directory is replayed in the world its memories were left in', () => {
  it("rollout --run of a maze run past its switch ends at the switched goal (row 0, column 6), not the first map's", () => {
    const run = join(root, 'switched-run');
    expect(dra('run', '--env', 'maze', '--switch-at', '3', '--episodes', '10', '--out', run).code).toBe(0);
    const played = JSON.parse(dra('rollout', '--run', run, '--episodes', '5', '--json').stdout);
    const ends = played.episodes.filter((e: { terminated: boolean }) => e.terminated).map((e: { steps: { nextName: string }[] }) => e.steps.at(-1)!.nextName);
    expect(ends.length).toBeGreaterThan(0);
    for (const end of ends) expect(end).toBe('row 0, column 6');
  });
});

describe('bad model and map files exit 2 naming the file, the state, the action and the rule, and write nothing', () => {
  it.each([
    ['probabilities', '{"P": {"0": {"0": [[0.5, 0, -1, false]]}}, "start": [1.0]}', "model file '<file>': state 0, action 0: outcome probabilities sum to 0.5, not 1 (within 1e-9)"],
    ['a live state without actions', '{"P": {"0": {"0": [[1.0, 1, 0, false]]}, "1": {}}, "start": [1.0, 0.0]}', "model file '<file>': state 1: a live state needs at least one action"],
    ['not JSON', '{"P": ', "model file '<file>': not valid JSON"],
  ])('%s', (_name, text, message) => {
    const file = join(root, `bad-${_name.replace(/ /g, '-')}.json`);
    writeFileSync(file, text);
    const out = join(root, `bad-run-${_name.replace(/ /g, '-')}`);
    const r = dra('run', '--env', 'tabular', '--model', file, '--episodes', '5', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message.replace('<file>', file));
    expect(existsSync(out)).toBe(false);
  });

  it('a missing --model, and a model path that is not there', () => {
    const missing = dra('run', '--env', 'tabular', '--episodes', '5');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--model must be the path of a model file \(--model FILE\)/);
    const absent = dra('run', '--env', 'tabular', '--model', join(root, 'nothing.json'), '--episodes', '5');
    expect(absent.code).toBe(2);
    expect(absent.stderr).toMatch(/--model '.*nothing\.json' cannot be read: no such file/);
  });

  it('a config file names its model relative to itself', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dra-tabular-config-'));
    writeFileSync(join(dir, 'lake.json'), gymnasiumExportText('FrozenLake-v1'));
    writeFileSync(join(dir, 'run.yaml'), 'env: tabular\nenvOptions:\n  model: lake.json\nepisodes: 5\n');
    const r = draIn(root, 'run', '--config', join(dir, 'run.yaml'), '--out', 'from-config');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'from-config', 'config.json'), 'utf8')).envOptions.model).toBe(join(dir, 'lake.json'));
  });
});

describe('grid worlds from map files', () => {
  it('trains on a 3 x 8 map with slip and draws its per-state figures', () => {
    const map = join(root, 'room.map');
    writeFileSync(map, 'S..#....\n..##..#.\n......#G\n');
    const run = join(root, 'grid-run');
    expect(dra('run', '--env', 'grid', '--map', map, '--slip', '0.2', '--episodes', '200', '--out', run).code).toBe(0);
    const figures = join(root, 'grid-figures');
    expect(dra('plot', run, '--out', figures).code).toBe(0);
    const rows = JSON.parse(readFileSync(join(figures, 'grid-run-sigma.data.json'), 'utf8')) as { row: number; column: number }[];
    expect(Math.max(...rows.map((r) => r.row)) + 1).toBe(3);
    expect(Math.max(...rows.map((r) => r.column)) + 1).toBe(8);
  });
});

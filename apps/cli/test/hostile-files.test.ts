import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSettings, runExperiment, type TrainingCheckpoint } from '@dra/agent';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli-main.js';
import { CORRIDOR_MODULE } from './corridor-module.js';
import { dra } from './dra-process.js';

// Every file the CLI reads, damaged by a seeded corpus of mutations (truncated, a character
// replaced, a JSON value swapped for another, an oversized token, garbage, empty): the CLI
// must answer with exit code 0 or 2, a message of its own (never an engine error or a stack),
// and leave no partial output. The CLI runs in-process, so hundreds of cases take seconds.

const root = mkdtempSync(join(tmpdir(), 'dra-hostile-'));
const ENGINE_MESSAGE = /Cannot (read|set) properties|is not a function|is not iterable|internal error|Invalid (string|array) length|\n\s+at .*:\d+:\d+/;

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  try {
    const code = await main(['node', 'dra', ...args]);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Paths to every value of a JSON document (up to `limit` of them, breadth first). */
function paths(value: Json, limit = 400): (string | number)[][] {
  const out: (string | number)[][] = [];
  const queue: [Json, (string | number)[]][] = [[value, []]];
  while (queue.length > 0 && out.length < limit) {
    const [v, path] = queue.shift()!;
    if (path.length > 0) out.push(path);
    if (Array.isArray(v)) v.forEach((x, i) => queue.push([x, [...path, i]]));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) queue.push([x, [...path, k]]);
  }
  return out;
}

function setAt(value: Json, path: (string | number)[], replacement: Json): Json {
  const copy = structuredClone(value);
  let node = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  node[path[path.length - 1]!] = replacement;
  return copy;
}

/** The seeded corpus of damaged versions of `base`. */
function damaged(base: string): fc.Arbitrary<string> {
  const variants: fc.Arbitrary<string>[] = [
    fc.nat({ max: base.length }).map((n) => base.slice(0, n)),
    fc.tuple(fc.nat({ max: Math.max(0, base.length - 1) }), fc.string({ maxLength: 3 })).map(([i, t]) => base.slice(0, i) + t + base.slice(i + 1)),
    fc.constantFrom('', '\u0000\u00ff\ufffd', 'null', '[]', '{}', '"text"', '1e999', 'NaN', '{"a":', '---\n- [', 'a: b: c'),
    fc.nat({ max: base.length }).map((n) => `${base.slice(0, n)}${'9'.repeat(400_000)}${base.slice(n)}`),
    fc.uint8Array({ maxLength: 48 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  ];
  try {
    const json = JSON.parse(base) as Json;
    const all = paths(json);
    if (all.length > 0) {
      const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, fc.constantFrom<Json>(-1, 0, 1e308, -1e308, 0.5, '', 'x', [], {}, null, true));
      variants.push(fc.tuple(fc.constantFrom(...all), value).map(([path, v]) => JSON.stringify(setAt(json, path, v))));
    }
  } catch {
    // not JSON: the text variants only
  }
  return fc.oneof(...variants);
}

/** Exit code 0 or 2 with a message of the CLI's own; `out` (when given) is absent or complete. */
function expectHandled(r: { code: number; stderr: string }, out?: string, complete?: readonly string[]): void {
  codes.push(r.code);
  expect([0, 2], r.stderr).toContain(r.code);
  expect(r.stderr).not.toMatch(ENGINE_MESSAGE);
  if (r.code === 2) expect(r.stderr).toMatch(/^(dra: |error: )/);
  if (out !== undefined) {
    if (r.code !== 0) expect(existsSync(out), r.stderr).toBe(false);
    else for (const file of complete ?? []) expect(existsSync(join(out, file)), file).toBe(true);
  }
}

const RUNS = 40;
let codes: number[] = [];
/** Runs `check` on the corpus of `base`; the corpus must hold inputs the CLI refuses. */
async function fuzz(base: string, check: (text: string, i: number) => Promise<void>): Promise<void> {
  let i = 0;
  codes = [];
  await fc.assert(fc.asyncProperty(damaged(base), (text) => check(text, i++)), { seed: 20261129, numRuns: RUNS, endOnFailure: true });
  expect(codes.filter((c) => c === 2).length).toBeGreaterThan(RUNS / 4);
}

let runDir: string;
let tpFile: string;
let sweepDir: string;
let interrupted: { config: string; started: string; checkpoint: string };

beforeAll(async () => {
  runDir = join(root, 'run');
  expect((await cli('run', '--episodes', '40', '--eval-every', '10', '--eval-rollouts', '5', '--out', runDir)).code).toBe(0);
  const tp = await cli('time-pressure', '--model', 'gradient', '--trials', '40', '--budgets', '3,6', '--seeds', '1,2', '--eval-trials', '20', '--json');
  tpFile = join(root, 'tp.json');
  writeFileSync(tpFile, tp.stdout);
  const sweepConfig = join(root, 'sweep.json');
  writeFileSync(sweepConfig, JSON.stringify({ task: 'maze', seed: 3, replicates: 2, fixed: { episodes: 20, evalEvery: 10, evalRollouts: 5 }, grid: { lambda: [0.05, 0.1] } }));
  sweepDir = join(root, 'sweep');
  expect(dra('sweep', sweepConfig, '--out', sweepDir, '--threads', '1').code).toBe(0);
  const settings = { ...defaultSettings('maze'), episodes: 40, evalEvery: 10, evalRollouts: 5 };
  let checkpoint: TrainingCheckpoint | undefined;
  runExperiment(settings, { checkpointEvery: 20, onCheckpoint: (c) => (checkpoint = c) });
  interrupted = { config: JSON.stringify(settings, null, 2), started: JSON.stringify({ startedAt: '2026-11-29T00:00:00.000Z' }), checkpoint: JSON.stringify(checkpoint) };
});

describe('hostile files', () => {
  it('run --config: a damaged YAML/JSON config', async () => {
    const base = JSON.stringify({ env: 'maze', lambda: 0.2, sigma0: 2, envOptions: { switchAt: 10 } }, null, 2);
    await fuzz(base, async (text, i) => {
      const file = join(root, `config-${i}.yaml`);
      writeFileSync(file, text);
      expectHandled(await cli('run', '--config', file, '--episodes', '2', '--n-traj', '1', '--eval-every', '1', '--eval-rollouts', '1'));
    });
  });

  it('sweep --dry-run: a damaged sweep config', async () => {
    const base = JSON.stringify({ task: 'maze', seed: 1, replicates: 2, fixed: { episodes: 10 }, grid: { sigma0: [1, 3], objective: ['dra', 'eq8'] } }, null, 2);
    await fuzz(base, async (text, i) => {
      const file = join(root, `sweep-${i}.yaml`);
      writeFileSync(file, text);
      expectHandled(await cli('sweep', file, '--out', join(root, `never-sweep-${i}`), '--dry-run'), join(root, `never-sweep-${i}`));
    });
  });

  it('evaluate --memory: a damaged memory.json', async () => {
    await fuzz(readFileSync(join(runDir, 'memory.json'), 'utf8'), async (text, i) => {
      const file = join(root, `memory-${i}.json`);
      writeFileSync(file, text);
      expectHandled(await cli('evaluate', '--env', 'maze', '--memory', file, '--rollouts', '2'));
    });
  });

  it.each(['config.json', 'curve.csv', 'memory.json'])('plot: a run directory with a damaged %s', async (name) => {
    await fuzz(readFileSync(join(runDir, name), 'utf8'), async (text, i) => {
      const dir = join(root, `plot-in-${name}-${i}`);
      cpSync(runDir, dir, { recursive: true });
      writeFileSync(join(dir, name), text);
      const out = join(root, `plot-out-${name}-${i}`);
      expectHandled(await cli('plot', dir, '--out', out), out, ['figures.json', 'convergence.svg']);
    });
  });

  it('plot: a damaged time-pressure result', async () => {
    await fuzz(readFileSync(tpFile, 'utf8'), async (text, i) => {
      const file = join(root, `tp-${i}.json`);
      writeFileSync(file, text);
      const out = join(root, `tp-out-${i}`);
      expectHandled(await cli('plot', file, '--out', out), out, ['figures.json']);
    });
  });

  it.each(['cell', 'sweep.json'])('merge: a sweep with a damaged %s file', async (which) => {
    const cells = readdirSync(join(sweepDir, 'cells')).sort();
    const target = which === 'cell' ? join('cells', cells[1]!) : 'sweep.json';
    await fuzz(readFileSync(join(sweepDir, target), 'utf8'), async (text, i) => {
      const dir = join(root, `merge-in-${which}-${i}`);
      cpSync(sweepDir, dir, { recursive: true });
      writeFileSync(join(dir, target), text);
      const out = join(root, `merge-out-${which}-${i}`);
      expectHandled(await cli('merge', dir, '--out', out), out, ['results.csv', 'results.jsonl']);
    });
  });

  it('run --plugin: a damaged environment plugin module', async () => {
    await fuzz(CORRIDOR_MODULE, async (text, i) => {
      const file = join(root, `plugin-${i}.mjs`);
      writeFileSync(file, text);
      expectHandled(await cli('run', '--plugin', file, '--env', 'corridor', '--episodes', '3', '--eval-every', '1', '--eval-rollouts', '1'));
    });
  });

  it.each(['config', 'started', 'checkpoint'] as const)('run --resume: a damaged %s.json of an interrupted run', async (which) => {
    await fuzz(interrupted[which], async (text, i) => {
      const out = join(root, `resume-${which}-${i}`);
      const progress = join(root, `.resume-${which}-${i}.in-progress`);
      mkdirSync(progress);
      for (const name of ['config', 'started', 'checkpoint'] as const) writeFileSync(join(progress, `${name}.json`), name === which ? text : interrupted[name]);
      expectHandled(await cli('run', '--resume', out), out, ['memory.json', 'curve.csv', 'config.json', 'run.json']);
      rmSync(progress, { recursive: true, force: true });
    });
  });
});

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORRIDOR_MODULE } from './corridor-module.js';
import { dra } from './dra-process.js';

const root = mkdtempSync(join(tmpdir(), 'dra-plugin-faults-'));

/** The corridor with its step() broken after `after` steps in one environment instance (the conformance kit sees it healthy). */
function brokenCorridor(name: string, fault: string, after = 3000): string {
  const text = CORRIDOR_MODULE.replace(
    '  step(action, rng) {\n',
    `  step(action, rng) {\n    this.total = (this.total ?? 0) + 1;\n    if (this.total > ${after}) { ${fault} }\n`,
  );
  const path = join(root, `${name}.mjs`);
  writeFileSync(path, text);
  return path;
}

const run = (plugin: string, ...args: string[]) => dra('run', '--plugin', plugin, '--env', 'corridor', '--episodes', '2000', '--eval-every', '1000', '--eval-rollouts', '2', ...args);

describe('a plugin that misbehaves while running gets an environment-fault message naming it (exit 2, no stack)', () => {
  it.each([
    ['throws', "throw new Error('the simulator lost its licence');", /step\(\) does not throw; step \d+ from state \d+ with action [01] threw: the simulator lost its licence/],
    ['nan-reward', 'return NaN;', /rewards are finite numbers; step \d+ from state \d+ with action [01] returned reward NaN/],
    ['bad-state', 'this.state = 99; return -1;', /states are whole numbers from 0 to stateCount - 1; step \(step \d+, action [01]\) gave state 99 of 6/],
  ])('%s', (name, fault, message) => {
    const plugin = brokenCorridor(name, fault);
    const r = run(plugin, '--out', join(root, `out-${name}`));
    expect(r.code, r.stderr).toBe(2);
    // A refused run leaves nothing that would block the next one: no in-progress state, no lock.
    expect(readdirSync(root).filter((f) => f.includes(`out-${name}`))).toEqual([]);
    expect(r.stderr).toMatch(new RegExp(`^dra: environment 'corridor' \\(--plugin '.*${name}.mjs'\\) broke a rule while running: `));
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('keeps the fault\'s class across worker threads: a sweep cell whose plugin faults is recorded, and the sweep exits 2 with its message', () => {
    const plugin = brokenCorridor('sweep-throws', "throw new Error('the simulator lost its licence');");
    const config = join(root, 'sweep.json');
    writeFileSync(config, JSON.stringify({ task: 'corridor', seed: 1, replicates: 1, fixed: { episodes: 2000, evalEvery: 1000, evalRollouts: 2 }, grid: { lambda: [0.1] } }));
    const r = dra('sweep', config, '--plugin', plugin, '--out', join(root, 'sweep-out'), '--threads', '1');
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^dra: cell-0000 failed: environment 'corridor' \(--plugin '.*sweep-throws.mjs'\) broke a rule while running: step\(\) does not throw/m);
    expect(JSON.parse(readFileSync(join(root, 'sweep-out', 'failed', 'cell-0000.json'), 'utf8')).kind).toBe('environment');
  });

  it('refuses an action outside the state\'s set as bad input, before the plugin sees it', () => {
    const plugin = join(root, 'corridor.mjs');
    writeFileSync(plugin, CORRIDOR_MODULE);
    const r = dra('rollout', '--plugin', plugin, '--env', 'corridor', '--actions', '1,5');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--actions: action 1 is 5, outside|action must be a whole number from 0 to 1 in state 1 of corridor, got 5/);
    expect(r.stderr).not.toMatch(/broke a rule|\n\s+at /);
  });

  it('truncates an episode that never ends at the step limit instead of hanging', () => {
    // A corridor whose end cannot be reached after the first episodes: only the limit ends them.
    const plugin = brokenCorridor('endless', 'this.state = 0; this.steps = 0; return -1;', 2500);
    const r = run(plugin, '--episodes', '30', '--eval-every', '30', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).steps).toBeGreaterThan(100_000);
  });

  it('refuses a module whose top-level await never settles, after a timeout', () => {
    const path = join(root, 'hangs.mjs');
    writeFileSync(path, 'await new Promise(() => {});\nexport default {};\n');
    const r = dra('envs', '--plugin', path);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--plugin '.*hangs.mjs': the module did not finish loading in 10 s \(a top-level await that never settles\?\)/);
  });
});

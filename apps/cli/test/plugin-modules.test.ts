import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORRIDOR_MODULE } from './corridor-module.js';
import { dra } from './dra-process.js';


const root = mkdtempSync(join(tmpdir(), 'dra-plugin-'));
const module = (name: string, text: string) => {
  const file = join(root, name);
  writeFileSync(file, text);
  return file;
};

describe('dra --plugin', () => {
  it("trains, lists and plots an environment from the user's own module, its options as flags", () => {
    const plugin = module('corridor.mjs', CORRIDOR_MODULE);
    const run = dra('run', '--plugin', plugin, '--env', 'corridor', '--length', '5', '--episodes', '600', '--sigma0', '1', '--gamma', '0.95', '--out', join(root, 'run'), '--json');
    expect(run.code, run.stderr).toBe(0);
    // Shortest walk: 4 steps, return -4 (closed form); random walks take far longer.
    expect(JSON.parse(run.stdout).return).toBeGreaterThan(-6);
    expect(dra('envs', '--plugin', plugin).stdout).toMatch(/corridor: a corridor[\s\S]*--length <integer>\s+cells in the corridor \(default 6\)/);
    expect(dra('plot', '--plugin', plugin, join(root, 'run'), '--out', join(root, 'figs')).code).toBe(0);
    const typo = dra('run', '--plugin', plugin, '--env', 'corridor', '--lenght', '5');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/Did you mean --length\?/);
    const bad = dra('run', '--plugin', plugin, '--env', 'corridor', '--length', '1');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--length must be a whole number >= 2, got 1/);
  });

  it("sweeps over the plugin's own option on worker threads, the same bytes on 1 thread and 2", () => {
    const plugin = module('corridor-sweep.mjs', CORRIDOR_MODULE);
    const config = module('sweep.yaml', ['task: corridor', 'seed: 4', 'replicates: 2', 'fixed:', '  episodes: 100', '  sigma0: 1', 'grid:', '  envOptions.length: [4, 7]', ''].join('\n'));
    const results = (threads: string) => {
      const out = join(root, `sweep-${threads}`);
      const r = dra('sweep', config, '--plugin', plugin, '--out', out, '--threads', threads);
      expect(r.code, r.stderr).toBe(0);
      return readFileSync(join(out, 'results.csv'), 'utf8');
    };
    const one = results('1');
    expect(one.split('\n')[0]).toBe('cell,envOptions.length,replicate,seed,episode,metric,value');
    expect(results('2')).toBe(one);
    const without = dra('sweep', config, '--out', join(root, 'sweep-none'));
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/unknown environment 'corridor'/);
  });

  it.each([
    ['missing.mjs', null, /--plugin '.*missing.mjs': no such file/],
    ['syntax.mjs', 'export default {', /importing it failed: /],
    ['throws.mjs', "throw new Error('no licence server');", /importing it failed: no licence server/],
    ['nothing.mjs', 'export const answer = 42;', /exports no environment plugin/],
    ['number.mjs', 'export default 5;', /not an environment plugin: plugin-object: a plugin must be an object, got 5/],
    ['version.mjs', CORRIDOR_MODULE.replace('specificationVersion: 1, id', 'specificationVersion: 2, id'), /specification-version: plugin corridor declares specificationVersion 2; this toolkit implements 1/],
    ['id.mjs', CORRIDOR_MODULE.replace("id: 'corridor', description", "id: 'Corridor!', description"), /id: plugin id must be lower-case letters, digits and dashes, got "Corridor!"/],
    ['taken.mjs', CORRIDOR_MODULE.replace(/'corridor'/g, "'maze'"), /an environment with id 'maze' is already registered/],
    ['nan.mjs', CORRIDOR_MODULE.replace('return -1;', 'return NaN;'), /breaks the environment contract[\s\S]*finite-rewards: reward NaN/],
    ['range.mjs', CORRIDOR_MODULE.replace('this.state + (action === 1 ? 1 : -1)', 'this.state + (action === 1 ? 2 : -1)').replace('Math.min(this.length - 1, ', '('), /breaks the environment contract[\s\S]*state-range/],
    ['random.mjs', CORRIDOR_MODULE.replace('return -1;', 'return Math.random() < 0.5 ? -1 : -2;'), /breaks the environment contract[\s\S]*determinism/],
    ['create.mjs', CORRIDOR_MODULE.replace('return new Corridor(length);', "throw new Error('out of memory');"), /environment 'corridor' breaks the environment contract[\s\S]*create: the factory threw: out of memory/],
  ])('refuses a broken plugin module (%s) with exit code 2, naming the module and the rule', (name, text, message) => {
    const path = text === null ? join(root, name) : module(name, text);
    const r = dra('run', '--plugin', path, '--env', 'corridor', '--episodes', '5');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });
});

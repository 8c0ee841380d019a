import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dra } from './dra-process.js';

describe('dra run --config', () => {
  it('layers defaults < file < flags and saves the resolved config with the results', () => {
    const root = mkdtempSync(join(tmpdir(), 'dra-config-'));
    const file = join(root, 'run.json');
    writeFileSync(file, JSON.stringify({ env: 'maze', episodes: 30, evalEvery: 10, lambda: 0.2, envOptions: { switchAt: 20 } }));
    const out = join(root, 'run');
    expect(dra('run', '--config', file, '--lambda', '0.3', '--out', out).code).toBe(0);
    const saved = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(saved).toMatchObject({ env: 'maze', episodes: 30, evalEvery: 10, lambda: 0.3, sigma0: 3, envOptions: { switchAt: 20 } });
    // The same settings given as flags only give the same run.
    const flagsOnly = join(root, 'flags');
    expect(dra('run', '--episodes', '30', '--eval-every', '10', '--lambda', '0.3', '--switch-at', '20', '--out', flagsOnly).code).toBe(0);
    expect(readFileSync(join(out, 'memory.json'), 'utf8')).toBe(readFileSync(join(flagsOnly, 'memory.json'), 'utf8'));
    expect(readFileSync(join(out, 'config.json'), 'utf8')).toBe(readFileSync(join(flagsOnly, 'config.json'), 'utf8'));
  });

  it('lists every problem of a file with its line and column, and of flags by name, with exit code 2', () => {
    const root = mkdtempSync(join(tmpdir(), 'dra-config-'));
    const file = join(root, 'run.yaml');
    writeFileSync(file, ['env: maze', 'episodes: 30', 'lamda: 0.1', 'sigma0: -1', 'beta: "10"', 'envOptions:', '  switchAt: 2.5', ''].join('\n'));
    const out = join(root, 'out');
    const r = dra('run', '--config', file, '--alpha-q', '2', '--out', out);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        `dra: ${file}:3:1: unknown key 'lamda' in the config (did you mean 'lambda'?)`,
        `dra: ${file}:4:9: sigma0 must be a finite number > 0, got -1`,
        expect.stringContaining(`dra: ${file}:5:7: beta:`),
        `dra: ${file}:7:13: envOptions.switchAt must be a whole number, or null, got 2.5`,
        'dra: --alpha-q must be a number in (0, 1], got 2',
      ]),
    );
    expect(lines).toHaveLength(5);
    const missing = dra('run', '--config', join(root, 'none.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot be read: no such file or directory (ENOENT)');
    writeFileSync(file, '- a list\n- not a mapping\n');
    expect(dra('run', '--config', file).stderr).toContain(`${file}:1:1: the config must be a mapping`);
  });
});

import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dra } from './dra-process.js';

const root = mkdtempSync(join(tmpdir(), 'dra-hostile-inputs-'));
const file = join(root, 'a-file');
writeFileSync(file, 'not a directory');
const loop = join(root, 'loop');
symlinkSync(loop, loop);
const dangling = join(root, 'dangling');
symlinkSync(join(root, 'nowhere'), dangling);
const folder = join(root, 'folder');
mkdirSync(folder);
const huge = join(root, 'huge.yaml');
writeFileSync(huge, `# ${'x'.repeat(5 * 2 ** 20)}\nlambda: 0.1\n`);
const bomb = join(root, 'bomb.yaml');
// Each level doubles: 2^30 references once expanded.
writeFileSync(bomb, ['a0: &a0 [x, x]', ...Array.from({ length: 30 }, (_, i) => `a${i + 1}: &a${i + 1} [*a${i}, *a${i}]`), 'lambda: 0.1'].join('\n'));
const quick = ['--env', 'maze', '--episodes', '10', '--eval-every', '10', '--eval-rollouts', '2'];
const never = join(root, 'never');

/** [class, arguments, exit code, message]: every case must exit with its code and name its subject, writing nothing. */
const CASES: [string, string[], number, RegExp][] = [
  // Blank paths: an unset shell variable must never mean the current directory.
  ...(
    [
      ['run', ...quick, '--out'],
      ['run', '--resume'],
      ['run', ...quick, '--config'],
      ['evaluate', '--env', 'maze', '--memory'],
      ['compare', '--env', 'maze', '--episodes', '10', '--out'],
      ['reproduce', 'fig1', '--out'],
      ['plot', root, '--out'],
      ['serve', '--port', '0', '--dir'],
      ['sweep', join(root, 'grid.json'), '--out'],
      ['merge', root, '--out'],
      ['run', ...quick, '--plugin'],
    ] as string[][]
  ).flatMap((args): [string, string[], number, RegExp][] =>
    ['', '  '].map((blank) => ['blank path', [...args, blank], 2, /argument '\s*' is invalid. expected a path, got '\s*' \(an unset shell variable\?\)/]),
  ),
  ['blank path', ['plot', '', '--out', never], 2, /expected a path, got ''/],
  ['blank path', ['merge', '', '--out', never], 2, /expected a path, got ''/],
  ['blank path', ['sweep', '', '--out', never], 2, /expected a path, got ''/],
  // Files that are not files, too big, or hostile.
  ['input file', ['run', ...quick, '--config', '/dev/urandom'], 2, /--config '\/dev\/urandom' is not a regular file/],
  ['input file', ['evaluate', '--env', 'maze', '--memory', '/dev/zero'], 2, /--memory '\/dev\/zero' is not a regular file/],
  ['input file', ['run', ...quick, '--config', folder], 2, /--config '.*folder' is not a regular file/],
  ['input file', ['run', ...quick, '--config', loop], 2, /--config '.*loop' cannot be read: too many levels of symbolic links \(ELOOP\)/],
  ['input file', ['run', ...quick, '--config', dangling], 2, /--config '.*dangling' cannot be read: no such file or directory \(ENOENT\)/],
  ['input file', ['evaluate', '--env', 'maze', '--memory', loop], 2, /--memory '.*loop' cannot be read: too many levels of symbolic links \(ELOOP\)/],
  ['input file', ['run', ...quick, '--config', huge], 2, /--config '.*huge.yaml' is 5.0 MB, more than the 4 MB such a file may hold/],
  ['input file', ['run', ...quick, '--config', bomb], 2, /--config '.*bomb.yaml': Excessive alias count/],
  ['input file', ['sweep', bomb, '--out', never], 2, /bomb.yaml/],
  ['input file', ['plot', '/dev/zero', '--out', never], 2, /'\/dev\/zero' is not a (regular file|run directory)/],
  // Output paths the system cannot hold: under a file, in /proc, through a loop.
  ['output path', ['run', ...quick, '--out', join(file, 'run')], 2, /--out '.*a-file\/run': '.*a-file' is not a directory/],
  ['output path', ['run', ...quick, '--out', '/proc/dra-run'], 3, /^dra: cannot \w+ '\/proc\/.*': (no such file or directory \(ENOENT\)|permission denied \(EACCES\)|operation not permitted \(EPERM\))\n$/],
  ['output path', ['run', ...quick, '--out', join(loop, 'run')], 3, /too many levels of symbolic links \(ELOOP\)/],
  ['output path', ['run', ...quick, '--out', file, '--force'], 2, /--out '.*a-file' exists and is not a directory/],
  // (one evaluation, at episode 0: the run warns that its final value is that one)
  ['output path', ['run', ...quick, '--out', folder, '--force'], 0, /^warning: the final objective is the evaluation at episode 0 \(after a single episode\)[^\n]*\n$/],
  // Sizes each valid alone that overflow together: named before training starts.
  ['numerical range', ['run', ...quick, '--lambda', '1e308'], 2, /--lambda must be small enough for the memory cost to stay finite: lambda 1e\+308 with sigmaBase 5 makes lambda KL\(sigma\) or its gradient overflow/],
  ['numerical range', ['run', ...quick, '--sigma-base', '1e-200'], 2, /memory cost to stay finite: lambda 0.1 with sigmaBase 1e-200/],
  ['numerical range', ['run', ...quick, '--beta', '1e308'], 2, /--beta must be small enough for the soft-max scores to stay finite: beta 1e\+308 with --sigma-max 100 makes beta sigma zeta overflow/],
  ['numerical range', ['compare', '--env', 'maze', '--episodes', '10', '--lambda', '1e308'], 2, /--lambda must be small enough/],
];

describe(`hostile inputs (${CASES.length} cases)`, () => {
  writeFileSync(join(root, 'grid.json'), JSON.stringify({ task: 'maze', seed: 1, replicates: 1, fixed: { episodes: 10 }, grid: { lambda: [0.1] } }));
  it.each(CASES)('%s: dra %j exits %i naming its subject, without a stack', (_, args, code, message) => {
    const before = readdirSync(root).sort();
    const r = dra(...args);
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
    if (code !== 0) expect(readdirSync(root).sort()).toEqual(before);
  });
});

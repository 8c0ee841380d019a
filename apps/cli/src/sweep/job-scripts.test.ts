import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shellScript, shellWord, slurmScripts, type JobScriptOptions } from './job-scripts.js';

const options: JobScriptOptions = { dir: "/shared/lab's sweeps/run 1", name: 'abcd1234', workers: 3, threads: 2, leaseSeconds: 30, dra: ['/usr/bin/node', '/opt/dra/dra.js'], mergeAfter: 'any' };

describe('job scripts', () => {
  it('quote any word so that sh reads it back unchanged (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((w) => !w.includes('\0')), (word) => {
        const r = spawnSync('sh', ['-c', `printf '%s' ${shellWord(word)}`], { encoding: 'utf8' });
        expect(r.stdout).toBe(word);
      }),
      { numRuns: 40 },
    );
  });

  it('write an array of workers, a merge job and their submission, with the directory quoted', () => {
    const scripts = slurmScripts({ ...options, partition: 'short', extraLines: ['#SBATCH --account=lab'] });
    expect(scripts['work.sbatch']).toContain('#SBATCH --array=0-2\n#SBATCH --cpus-per-task=2\n#SBATCH --partition=short\n#SBATCH --account=lab\n');
    // sbatch splits #SBATCH lines at spaces and cuts them at quotes: the directory never goes into one.
    for (const text of Object.values(scripts)) for (const line of text.split('\n').filter((l) => l.startsWith('#SBATCH') && !l.includes('--account'))) expect(line).not.toContain('sweeps');
    expect(scripts['submit.sh']).toContain(`work=$(sbatch --parsable '--output=/shared/lab'\\''s sweeps/run 1/jobs/logs/work-%A_%a.out' '/shared/lab'\\''s sweeps/run 1/jobs/work.sbatch')`);
    expect(scripts['work.sbatch']).toContain(`exec /usr/bin/node /opt/dra/dra.js sweep work '/shared/lab'\\''s sweeps/run 1' --threads 2 --lease 30 --no-merge\n`);
    expect(scripts['merge.sbatch']).toContain('#SBATCH --cpus-per-task=1\n');
    expect(scripts['merge.sbatch']).toContain(`exec /usr/bin/node /opt/dra/dra.js sweep merge '/shared/lab'\\''s sweeps/run 1'\n`);
    expect(scripts['submit.sh']).toContain('--dependency=afterany:$work --kill-on-invalid-dep=yes');
    expect(slurmScripts({ ...options, mergeAfter: 'ok' })['submit.sh']).toContain('--dependency=afterok:$work');
    expect(shellScript(options).match(/sweep work/g)).toHaveLength(3);
    // Every script is valid sh.
    for (const text of [...Object.values(scripts), shellScript(options)]) expect(spawnSync('sh', ['-n', '-c', text]).status).toBe(0);
  });
});

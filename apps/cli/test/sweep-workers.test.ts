import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli, dra } from './dra-process.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('sweep workers that pull cells', () => {
  it('give back every claim when a result cannot be written, and refuse to merge or misplace options', () => {
    const root = mkdtempSync(join(tmpdir(), 'dra-sweep-abort-'));
    const config = join(root, 'sweep.yaml');
    writeFileSync(config, ['task: maze', 'replicates: 4', 'fixed: { episodes: 200, evalEvery: 100, evalRollouts: 5 }', 'grid: { lambda: [0.1, 0.2] }', ''].join('\n'));
    const dir = join(root, 'sweep');
    expect(dra('sweep', config, '--out', dir, '--layout-only').code).toBe(0);
    // Not done: the merge says so, and a shard directory is for dra merge.
    const early = dra('sweep', 'merge', dir);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('8 of 8 cells are not done (0 running, 8 waiting for a worker)');
    // A worker that cannot write its results (here cells/ is a file) stops and leaves no claim behind.
    rmSync(join(dir, 'cells'), { recursive: true });
    writeFileSync(join(dir, 'cells'), 'not a folder');
    const broken = dra('sweep', 'work', dir, '--threads', '2', '--lease', '60');
    expect(broken.code).toBe(3);
    expect(broken.stderr).toMatch(/^dra: cannot \w+ '.*cells\/\.partial-cell-000\d\.json-.*': .*not a directory \(ENOTDIR\)$/m);
    expect(readdirSync(join(dir, 'claims'))).toEqual([]);
    rmSync(join(dir, 'cells'));
    expect(dra('sweep', 'work', dir, '--threads', '2').code).toBe(0);
    expect(existsSync(join(dir, 'results.csv'))).toBe(true);
    const misplaced = dra('sweep', '--threads', '1', 'status', dir);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toContain("--threads given before 'status': put the options of dra sweep status after it");
    const shard = join(root, 'shard');
    expect(dra('sweep', config, '--out', shard, '--shard', '1/2', '--threads', '1').code).toBe(0);
    const shardMerge = dra('sweep', 'merge', shard);
    expect(shardMerge.code).toBe(2);
    expect(shardMerge.stderr).toContain('holds shard 1/2 of a sweep; join the shards with: dra merge');
  });

  it('vary the environment, plugin options and model files as grid axes; a failing cell is recorded and the sweep goes on', () => {
    const root = mkdtempSync(join(tmpdir(), 'dra-sweep-anything-'));
    const lake = join(root, 'lake.json');
    writeFileSync(lake, dra('envs', '--gymnasium', 'FrozenLake-v1').stdout);
    const maze = join(root, 'maze.json');
    writeFileSync(maze, dra('envs', '--export', 'maze').stdout);
    // Environments as an axis.
    const tasks = join(root, 'tasks.yaml');
    writeFileSync(tasks, ['seed: 2', 'fixed: { episodes: 20, evalEvery: 10, evalRollouts: 3 }', 'grid:', '  task: [maze, huys]', '  objective: [dra, eq8]', ''].join('\n'));
    const byTask = dra('sweep', tasks, '--out', join(root, 'tasks'), '--threads', '2');
    expect(byTask.code, byTask.stderr).toBe(0);
    const rows = readFileSync(join(root, 'tasks', 'results.csv'), 'utf8').split('\n');
    expect(rows[0]).toBe('cell,task,objective,replicate,seed,episode,metric,value');
    expect(new Set(rows.slice(1, -1).map((r) => r.split(',')[1]))).toEqual(new Set(['maze', 'huys']));
    const plan = readFileSync(join(root, 'tasks', 'plan.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(plan.map((c) => c.settings.env)).toEqual(['maze', 'maze', 'huys', 'huys']);
    // Each environment keeps its own paper settings (the planning task's sigma0 is 100, the maze's 3).
    expect([plan[0].settings.sigma0, plan[2].settings.sigma0]).toEqual([3, 100]);

    // Model files as an axis, relative to the config file.
    const models = join(root, 'models.yaml');
    writeFileSync(models, ['task: tabular', 'fixed: { episodes: 10, evalEvery: 10, evalRollouts: 2, envOptions: { maxSteps: 100 } }', 'grid:', '  envOptions.model: [lake.json, maze.json]', ''].join('\n'));
    const byModel = dra('sweep', models, '--out', join(root, 'models'), '--threads', '1');
    expect(byModel.code, byModel.stderr).toBe(0);
    expect(readFileSync(join(root, 'models', 'results.csv'), 'utf8')).toContain('cell-0000,lake.json,'); // the grid value as written; the settings hold the absolute path
    const manifest = JSON.parse(readFileSync(join(root, 'models', 'sweep.json'), 'utf8'));
    expect(manifest.inputFiles.map((f: { path: string }) => f.path)).toEqual([lake, maze]);
    // A worker refuses a model file changed since the layout.
    writeFileSync(lake, readFileSync(lake, 'utf8').replace('"start"', ' "start"'));
    const changed = dra('sweep', 'work', join(root, 'models'), '--retry-failed');
    expect(changed.code).toBe(2);
    expect(changed.stderr).toContain(`'${lake}' changed since the sweep was laid out`);

    // An option of one environment only cannot be an axis of a sweep over two.
    const mixed = join(root, 'mixed.yaml');
    writeFileSync(mixed, ['grid:', '  task: [maze, huys]', '  envOptions.depth: [3, 4]', ''].join('\n'));
    const refused = dra('sweep', mixed, '--out', join(root, 'mixed'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("grid: 'envOptions.depth' is not a setting a sweep can vary (not an option of maze, which the sweep also runs)");
    expect(existsSync(join(root, 'mixed'))).toBe(false);

    // A plugin's option as an axis; its cells that fail are recorded, the others finish.
    const fragile = join(root, 'fragile.yaml');
    writeFileSync(fragile, ['task: fragile-corridor', 'replicates: 2', 'fixed: { episodes: 30, evalEvery: 10, evalRollouts: 2 }', 'grid:', '  envOptions.collapseAfter: [0, 50]', ''].join('\n'));
    const dir = join(root, 'fragile');
    const plugin = ['--plugin', fixture('fragile-corridor.mjs')];
    const swept = dra('sweep', fragile, '--out', dir, '--threads', '2', ...plugin);
    // An environment's fault: exit code 2, as for dra run.
    expect(swept.code).toBe(2);
    expect(swept.stdout).toContain('4 cells: 2 run, 0 already done, 2 failed');
    expect(swept.stderr).toMatch(/^dra: cell-0002 failed: environment 'fragile-corridor' .* threw: the corridor collapsed after 50 steps$/m);
    expect(swept.stderr).toContain('dra: 2 cells failed: run them again with dra sweep work');
    expect(existsSync(join(dir, 'results.csv'))).toBe(false);
    expect(readdirSync(join(dir, 'cells')).filter((n) => n.startsWith('cell-'))).toEqual(['cell-0000.json', 'cell-0001.json']);
    const status = dra('sweep', 'status', dir);
    expect(status.stdout).toContain('done 2, running 0, failed 2, remaining 0');
    expect(status.stdout).toContain('failed  cell-0003');
    const json = JSON.parse(dra('sweep', 'status', dir, '--json').stdout);
    expect(json.failed.map((f: { id: string }) => f.id)).toEqual(['cell-0002', 'cell-0003']);
    const merge = dra('sweep', 'merge', dir);
    expect(merge.code).toBe(2);
    expect(merge.stderr).toContain('2 of 4 cells failed');
    expect(existsSync(join(dir, 'results.csv'))).toBe(false);
    // Run again (a worker needs no --plugin: the directory records it), they fail again.
    const retried = dra('sweep', 'work', dir, '--retry-failed', '--threads', '1');
    expect(retried.code).toBe(2);
    expect(retried.stdout).toContain('0 run, 2 already done, 2 failed');
    const allowed = dra('sweep', 'merge', dir, '--allow-failed');
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stdout).toContain('2 cells (without 2 failed');
    const table = readFileSync(join(dir, 'results.csv'), 'utf8');
    expect(table).toContain('cell-0001,');
    expect(table).not.toContain('cell-0002,');
    expect(readFileSync(join(dir, 'failed.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    // dra merge (into a new directory) takes --allow-failed too, with the same table.
    expect(dra('merge', dir, '--out', join(root, 'merged')).code).toBe(2);
    expect(dra('merge', dir, '--out', join(root, 'merged'), '--allow-failed').code).toBe(0);
    expect(readFileSync(join(root, 'merged', 'results.csv'), 'utf8')).toBe(table);
  });

  it('read their shard from a SLURM job array, 0- or 1-based, and refuse what cannot be a shard', () => {
    const root = mkdtempSync(join(tmpdir(), 'dra-sweep-auto-'));
    const config = join(root, 'sweep.yaml');
    writeFileSync(config, ['task: maze', 'fixed: { episodes: 5, evalEvery: 5, evalRollouts: 2 }', 'grid: { lambda: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6] }', ''].join('\n'));
    const withArray = (env: Record<string, string>, out: string) =>
      spawnDra(['sweep', config, '--out', join(root, out), '--shard', 'auto', '--threads', '1'], env);
    // (Stepped arrays are covered by the unit tests of shardOfArrayTask.)
    for (const [base, ids] of [[0, [0, 1, 2]], [1, [1, 2, 3]]] as const) {
      ids.forEach((id, k) => {
        const env = { SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: String(base), SLURM_ARRAY_TASK_COUNT: '3' };
        const r = withArray(env, `from-${base}-${k}`);
        expect(r.code, r.stderr).toBe(0);
        expect(JSON.parse(readFileSync(join(root, `from-${base}-${k}`, 'sweep.json'), 'utf8')).shard).toBe(`${k + 1}/3`);
      });
      const merged = dra('merge', ...ids.map((_, k) => join(root, `from-${base}-${k}`)), '--out', join(root, `merged-${base}`));
      expect(merged.code, merged.stderr).toBe(0);
    }
    expect(readFileSync(join(root, 'merged-0', 'results.csv'), 'utf8')).toBe(readFileSync(join(root, 'merged-1', 'results.csv'), 'utf8'));
    const missing = withArray({ SLURM_ARRAY_TASK_ID: '2' }, 'bad-1');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('SLURM_ARRAY_TASK_MIN, SLURM_ARRAY_TASK_COUNT are not set');
    const gap = withArray({ SLURM_ARRAY_TASK_ID: '9', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '3' }, 'bad-2');
    expect(gap.code).toBe(2);
    expect(gap.stderr).toContain('array task 9 is not one of 3 evenly spaced tasks from 1');
    expect(existsSync(join(root, 'bad-1')) || existsSync(join(root, 'bad-2'))).toBe(false);
  });

  it('write SLURM scripts and plain shell lines for a sweep, and refuse bad options leaving what exists', () => {
    const root = mkdtempSync(join(tmpdir(), 'dra-sweep-slurm-'));
    const config = join(root, 'sweep.yaml');
    writeFileSync(config, ['task: maze', 'replicates: 2', 'fixed: { episodes: 10, evalEvery: 10, evalRollouts: 2 }', 'grid: { lambda: [0.1, 0.2] }', ''].join('\n'));
    const lines = join(root, 'lines.sbatch');
    writeFileSync(lines, '#SBATCH --account=lab42\n\n# a comment\n#SBATCH --qos=short\n');
    const dir = join(root, 'sweep');
    const r = dra('sweep', 'slurm', config, '--out', dir, '--workers', '3', '--threads', '2', '--partition', 'short', '--time', '0:30:00', '--mem', '2G', '--sbatch-lines', lines);
    expect(r.code, r.stderr).toBe(0);
    const work = readFileSync(join(dir, 'jobs', 'work.sbatch'), 'utf8');
    for (const line of ['#SBATCH --array=0-2', '#SBATCH --cpus-per-task=2', '#SBATCH --partition=short', '#SBATCH --time=0:30:00', '#SBATCH --mem=2G', '#SBATCH --account=lab42', '#SBATCH --qos=short']) {
      expect(work).toContain(`${line}\n`);
    }
    expect(work).toMatch(new RegExp(`sweep work ${dir} --threads 2 --lease 60 --no-merge\\n`));
    expect(readFileSync(join(dir, 'jobs', 'merge.sbatch'), 'utf8')).toContain(`sweep merge ${dir}\n`);
    expect(readFileSync(join(dir, 'jobs', 'submit.sh'), 'utf8')).toContain('--dependency=afterany:$work --kill-on-invalid-dep=yes');
    const shell = readFileSync(join(dir, 'jobs', 'run-workers.sh'), 'utf8');
    expect(shell.split('\n').filter((l) => l.includes('sweep work'))).toHaveLength(3);
    expect(existsSync(join(dir, 'jobs', 'logs'))).toBe(true);
    // The plain shell script runs the sweep to its results.
    const sh = spawnSyncShell(join(dir, 'jobs', 'run-workers.sh'));
    expect(sh.code, sh.stderr).toBe(0);
    expect(existsSync(join(dir, 'results.csv'))).toBe(true);

    for (const [flags, message] of [
      [['--workers', '0'], '--workers must be a whole number >= 1, got 0'],
      [['--time', '1 day'], "--time must be one word"],
      [['--merge-after', 'notok'], "argument 'notok' is invalid"],
      [['--lease', '0'], "argument '0' is invalid"],
    ] as const) {
      const bad = dra('sweep', 'slurm', config, '--out', join(root, 'bad'), ...flags);
      expect(bad.code, flags.join(' ')).toBe(2);
      expect(bad.stderr).toContain(message);
    }
    writeFileSync(lines, '#SBATCH --account=lab42\nmodule load node\n');
    const command = dra('sweep', 'slurm', config, '--out', join(root, 'bad'), '--sbatch-lines', lines);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain(`${lines}:2: 'module load node' is not an #SBATCH line or a comment`);
    writeFileSync(lines, '#SBATCH --array=1-3\n');
    expect(dra('sweep', 'slurm', config, '--out', join(root, 'bad'), '--sbatch-lines', lines).stderr).toContain(`${lines}:1: --array is set by dra sweep slurm itself`);
    expect(existsSync(join(root, 'bad'))).toBe(false);
    // --submit where sbatch cannot be found: the layout and scripts stay, and the message says where.
    const noSbatch = spawnDra(['sweep', 'slurm', config, '--out', join(root, 'unsubmitted'), '--submit'], { PATH: '/nonexistent' });
    expect(noSbatch.code).toBe(2);
    expect(noSbatch.stderr).toContain('--submit: cannot run sbatch (ENOENT)');
    expect(existsSync(join(root, 'unsubmitted', 'jobs', 'submit.sh'))).toBe(true);
  });
});

/** `dra ...args` with SLURM's variables of this process removed and `env` added. */
function spawnDra(args: string[], env: Record<string, string>) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SLURM_'))) as Record<string, string>;
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...base, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function spawnSyncShell(script: string) {
  const r = spawnSync('sh', [script], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

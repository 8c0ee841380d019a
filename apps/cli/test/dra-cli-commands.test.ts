import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dra } from './dra-process.js';

/** The classic mountain-car step (docs/tasks.md 3), transcribed independently of the package. */
function classicStep(position: number, velocity: number, action: number): [number, number] {
  let v = velocity + (action - 1) * 0.001 + Math.cos(3 * position) * -0.0025;
  v = Math.max(-0.07, Math.min(0.07, v));
  let p = Math.max(-1.2, Math.min(0.6, position + v));
  if (p === -1.2 && v < 0) v = 0;
  return [p, v];
}

describe('dra compare', () => {
  it('trains the three objectives on the same seeds and writes a table, per-state allocation and an SVG figure, the same bytes run to run', () => {
    const root = mkdtempSync(join(tmpdir(), 'dra-compare-'));
    const args = ['compare', '--env', 'huys', '--depth', '2', '--episodes', '300', '--eval-every', '100', '--eval-rollouts', '50', '--seeds', '1,2'];
    const r = dra(...args, '--out', join(root, 'a'), '--json');
    expect(r.code).toBe(0);
    expect(dra(...args, '--out', join(root, 'b')).code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.outcomes.map((o: { objective: string; estimator: string }) => `${o.objective}/${o.estimator}`)).toEqual(['dra/critic', 'eq8/critic', 'eq10/critic']);
    expect(result.runs.map((run: { objective: string; seed: number }) => `${run.objective}/${run.seed}`)).toEqual(['dra/1', 'dra/2', 'eq8/1', 'eq8/2', 'eq10/1', 'eq10/2']);
    for (const o of result.outcomes) expect(Number.isFinite(o.exactFinal.objective)).toBe(true);
    expect(r.stderr).toMatch(/where the precision went, by visit group/);
    const files = ['compare.json', 'figure.data.json', 'figure.svg', 'figure.vl.json', 'outcomes.csv', 'states.csv'];
    expect(readdirSync(join(root, 'a')).sort()).toEqual(files);
    for (const file of files) {
      expect(readFileSync(join(root, 'a', file), 'utf8')).toBe(readFileSync(join(root, 'b', file), 'utf8'));
    }
    const svg = readFileSync(join(root, 'a', 'figure.svg'), 'utf8');
    expect(svg.startsWith('<svg') && svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    const points = JSON.parse(readFileSync(join(root, 'a', 'figure.data.json'), 'utf8')).filter((row: { panel: string }) => row.panel === 'sigma');
    expect(points).toHaveLength(3 * 12); // one point per objective and live state (depth 2: 12)
    expect(readFileSync(join(root, 'a', 'states.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 3 * 18);
  });

  it('on the maze with no other flags: finite exact values for all three objectives (eq10 with the realised length), estimators side by side', () => {
    const r = dra('compare', '--episodes', '150', '--eval-every', '50', '--eval-rollouts', '20', '--seeds', '1', '--estimators', 'A,critic', '--json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.outcomes.map((o: { objective: string; estimator: string; sigmaStep: string }) => `${o.objective}/${o.estimator}/${o.sigmaStep}`)).toEqual([
      'dra/A/constant',
      'dra/critic/adam',
      'eq8/critic/adam',
      'eq10/critic/adam',
    ]);
    expect(result.settings.tRef).toBe('realised');
    for (const o of result.outcomes) expect(o.exactFinal.objective).toBeGreaterThan(-200);
    expect(r.stderr).toMatch(/run \(objective\/estimator\)\s+step\s+exact value/);
  });

  it.each([
    [['--objectives', 'dra,eq9'], /--objectives <list>' argument 'dra,eq9' is invalid.*got 'eq9'/],
    [['--estimators', 'A,causl'], /--estimators <list>' argument 'A,causl' is invalid.*got 'causl'/],
    [['--objectives', 'eq8', '--estimators', 'A'], /--estimators A apply to DRA only/],
    [['--estimator', 'A', '--estimators', 'critic'], /--estimator and --estimators name the same thing/],
    [['--seeds', '1,1'], /--seeds must differ, got 1,1/],
    [['--env', 'maze', '--t-ref', '0'], /--t-ref must be a finite number > 0, 'realised', or null/],
    [['--lambda', '-1'], /--lambda must be a finite number >= 0, got -1/],
  ])('rejects %j with exit code 2, writing nothing', (args, message) => {
    const out = join(mkdtempSync(join(tmpdir(), 'dra-compare-bad-')), 'cmp');
    const r = dra('compare', '--env', 'huys', '--episodes', '10', ...(args as string[]), '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});

describe('dra run: the final value and the value after the last episode', () => {
  it('names the episodes the final value averages, warns when they include episode 0, and reports the memory after the last episode', () => {
    const short = dra('run', '--env', 'maze', '--episodes', '300', '--eval-every', '100', '--eval-rollouts', '20', '--seed', '2', '--json');
    expect(short.code, short.stderr).toBe(0);
    const result = JSON.parse(short.stdout) as { finalEpisodes: number[]; last: { episode: number; extra: boolean; rollouts: number } };
    expect(result.finalEpisodes).toEqual([0, 100, 200]);
    expect(result.last).toMatchObject({ episode: 299, extra: true, rollouts: 20 });
    expect(short.stderr).toMatch(/final: mean of the evaluations at episodes 0, 100, 200/);
    expect(short.stderr).toMatch(/after the last episode \(299\): objective -?\d+\.\d{3} = return/);
    expect(short.stderr).toMatch(/warning: the final objective averages the evaluations at episodes 0, 100, 200, including episode 0/);
    const long = dra('run', '--env', 'maze', '--episodes', '400', '--eval-every', '100', '--eval-rollouts', '20', '--seed', '2');
    expect(long.code, long.stderr).toBe(0);
    expect(long.stdout).toMatch(/final: mean of the evaluations at episodes 100, 200, 300/);
    expect(long.stderr).not.toMatch(/warning/);
  });
});

describe('dra evaluate by rollouts', () => {
  it('prints the standard error of the objective and the number of rollouts beside the value', () => {
    const run = join(mkdtempSync(join(tmpdir(), 'dra-evaluate-se-')), 'huys');
    expect(dra('run', '--env', 'huys', '--depth', '2', '--episodes', '100', '--eval-every', '50', '--out', run).code).toBe(0);
    const r = dra('evaluate', '--env', 'huys', '--depth', '2', '--memory', join(run, 'memory.json'), '--objective', 'eq8', '--rollouts', '500');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^huys, eq8 \(rollouts\): objective -?\d+\.\d{4} = return .* \(\+- \d+\.\d{4} s\.e\. over 500 rollouts\), action entropy/m);
  });
});

describe('dra envs and dra rollout', () => {
  it('lists the registered environments with their descriptions', () => {
    const r = dra('envs', '--json');
    expect(r.code).toBe(0);
    const envs = r.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(envs.map((e) => e.id)).toEqual(['grid', 'huys', 'maze', 'mountain-car', 'tabular']);
    expect(envs[1]).toMatchObject({ stateCount: 24, actionsPerState: [2], tabularModel: true, horizon: 3, options: { depth: { default: 3 } } });
    expect(envs[3]).toMatchObject({ stateCount: 285, tabularModel: false, horizon: null, paperSettings: { betaSchedule: { growth: 1.5, every: 1000, max: 10 } } });
    // The file-based environments have no shape until a file is given.
    expect(envs[0]).toMatchObject({ id: 'grid', needs: ['map'], options: { map: { type: 'path', default: null } } });
    expect(envs[4]).toMatchObject({ id: 'tabular', needs: ['model'], options: { model: { type: 'path', default: null } } });
    expect(dra('envs').stdout).toMatch(/--depth <integer> {2}moves per trial \(default 3\)/);
    // the paper settings its help promises (the maze's preset, docs/tasks.md 1)
    expect(dra('envs').stdout).toMatch(/^maze: [\s\S]*?\n {2}paper settings: estimator A, episodes 5000, lambda 0.1, beta 10, sigma0 3, sigmaBase 5,/m);
  });

  it('replays mountain car from a given start as the classic dynamics do', () => {
    const actions = [2, 2, 0, 1, 0, 2];
    const r = dra('rollout', '--env', 'mountain-car', '--start', '-0.5,0', '--actions', actions.join(','), '--json');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((line) => JSON.parse(line));
    let [p, v] = [-0.5, 0];
    lines.forEach((line, t) => {
      [p, v] = classicStep(p, v, actions[t]!);
      expect(line).toMatchObject({ t, action: actions[t], reward: -1, terminated: false, truncated: false });
      expect(Math.abs(line.observation[0] - p)).toBeLessThan(1e-12);
      expect(Math.abs(line.observation[1] - v)).toBeLessThan(1e-12);
      expect(line.state).toBe(Math.round((p + 1.2) * 10) * 15 + Math.round((v + 0.07) * 100));
    });
  });

  it('replays the planning task from tabular state 0: +140, -20, -20, then terminated (docs/tasks.md 2 table)', () => {
    const r = dra('rollout', '--env', 'huys', '--start', '0', '--actions', '0,0,0', '--json');
    const lines = r.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((l) => l.reward)).toEqual([140, -20, -20]);
    expect(lines.map((l) => l.state)).toEqual([7, 14, 21]); // states 2, 3, 4 after 1, 2, 3 moves
    expect(lines.map((l) => l.terminated)).toEqual([false, false, true]);
    expect(lines[0]).not.toHaveProperty('observation');
  });

  it.each([
    [['--env', 'moon', '--actions', '0'], /unknown environment 'moon' \(known: grid, huys, maze, mountain-car, tabular\)/],
    [['--env', 'huys', '--start', '0', '--actions', '0,2'], /--actions: action 1 is 2, outside the 2 actions \(0..1\) of state 7/],
    [['--env', 'huys', '--start', '0', '--actions', '0,0,0,1'], /action 3 \(1\) comes after the episode ended at step 2 \(terminated\)/],
    [['--env', 'huys', '--start', '1,2', '--actions', '0'], /--start 1,2: start must be one tabular state index in 0..23, got 1,2/],
    [['--env', 'huys', '--start', '20', '--actions', '0'], /--start: state 20 is terminal/],
    [['--env', 'mountain-car', '--start', '0.7,0', '--actions', '0'], /position must lie in \[-1.2, 0.6\], got 0.7/],
    [['--env', 'huys', '--depth', '0', '--actions', '0'], /depth must be a whole number >= 1, got 0/],
    [['--env', 'huys', '--actions', '0,x'], /--actions <list>' argument '0,x' is invalid/],
  ])('rollout rejects %j with exit code 2 and prints no partial trajectory', (args, message) => {
    const r = dra('rollout', ...args, '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});

describe('flags that take the word none', () => {
  it.each([['--alpha-sigma-decay', 'alphaSigmaDecay'], ['--beta-schedule', 'betaSchedule']])('dra run %s none turns the setting off (null in config.json)', (flag, field) => {
    const out = join(mkdtempSync(join(tmpdir(), 'dra-none-')), 'run');
    const r = dra('run', '--env', 'maze', '--episodes', '20', '--eval-every', '10', '--eval-rollouts', '5', flag, 'none', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'))[field]).toBeNull();
  });
});

describe('dra time-pressure', () => {
  const treeSearch = ['--restarts', '1', '--evaluations', '200', '--fresh-trials', '2000'];

  it('compares flexible and equal precision per budget beside the poster numbers, with the tree-search model by default', () => {
    const r = dra('time-pressure', ...treeSearch, '--budgets', '3,6', '--seeds', '1,2', '--threads', '2', '--json');
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.model).toBe('tree-search');
    expect(result.rows.map((row: { budget: number; poster: number }) => [row.budget, row.poster])).toEqual([[3, 5], [6, 10.6]]);
    // Return and memory cost per budget and allocation, and one sigma per learned memory.
    expect(result.rows[0].flexible.objective).toBeCloseTo(result.rows[0].flexible.return - result.rows[0].flexible.memoryCost, 10);
    expect(result.rows[0].flexible.sigma).toHaveLength(24);
    expect(r.stderr).toMatch(/budget {2}share {6}flexible/);
    expect(r.stderr).toMatch(/time-pressure: \d+\/\d+ jobs, .* elapsed, ETA/);
    // The same bytes on one thread.
    expect(dra('time-pressure', ...treeSearch, '--budgets', '3,6', '--seeds', '1,2', '--threads', '1', '--json').stdout).toBe(r.stdout);
  });

  it('runs the gradient learner with --model gradient, its step size and decay as flags', () => {
    const r = dra('time-pressure', '--model', 'gradient', '--trials', '300', '--budgets', '3', '--seeds', '1,2', '--eval-trials', '200', '--alpha-sigma', '0.05', '--flexible-from-equal', 'none', '--json');
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.model).toBe('gradient');
    expect(result.settings).toMatchObject({ alphaSigma: 0.05, flexibleFromEqual: null, trials: 300 });
    expect(result.rows[0].equal.return - result.rows[0].equal.memoryCost).toBeCloseTo(result.rows[0].equal.objective, 10);
  });

  it('writes --json with one seed: the undefined standard errors over seeds are null, not an error', () => {
    const r = dra('time-pressure', ...treeSearch, '--budgets', '3', '--seeds', '1', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).rows[0].dPrime.flexible.slopeStandardError).toBeNull();
  });

  it.each([
    [['--budgets', '2'], /--budgets must be whole numbers >= depth \(3\) so a path can be completed, got 2/],
    [['--trials', '100'], /--trials applies to --model gradient only, got --model tree-search/],
    [['--model', 'gradient', '--restarts', '2'], /--restarts applies to --model tree-search only, got --model gradient/],
    [['--model', 'mcts'], /expected one of tree-search, gradient, got 'mcts'/],
    [['--seeds', '1,1'], /--seeds must be distinct, got 1,1/],
    [['--model', 'gradient', '--alpha-sigma-decay', 'x'], /argument 'x' is invalid. expected comma-separated finite numbers, got 'x'/],
  ])('refuses %j with exit code 2', (args, message) => {
    const r = dra('time-pressure', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});

describe('dra bench', () => {
  it('times every training path beside the maze A path and a baseline command, alternating, with the ratios', () => {
    const r = dra('bench', '--sections', 'paths', '--episodes', '20', '--repeat', '2', '--json', '--baseline', `echo '{"steps_per_sec": 1000}'`);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    const ids = result.paths.paths.map((p: { id: string }) => p.id);
    expect(ids).toEqual(['maze-A', 'maze-causal', 'maze-R', 'maze-eq8', 'maze-eq10', 'maze-eq10-realised', 'huys', 'mountain-car']);
    for (const path of result.paths.paths) {
      expect(path.kernel).toEqual({ episodes: 'wasm', gradient: 'wasm' });
      expect(path.runs).toHaveLength(2);
      expect(path.stepsPerSecond).toBeGreaterThan(0);
    }
    const reference = result.paths.paths[0];
    expect(reference.ratioToReference).toBe(1);
    expect(result.paths.anchor).toMatchObject({ stepsPerSecond: 1000, runs: [1000, 1000] });
    // The ratio is the median of the per-round ratios (oracle: the runs it reports).
    const perRound = reference.runs.map((rate: number) => rate / 1000).sort((a: number, b: number) => a - b);
    expect(result.paths.anchor.ratio).toBeCloseTo((perRound[0] + perRound[1]) / 2, 10);
    expect(result.exact).toBeUndefined();
  });

  it('rejects a baseline that prints no rate, and an unknown section', () => {
    const r = dra('bench', '--sections', 'paths', '--episodes', '10', '--repeat', '1', '--baseline', 'echo nothing');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/did not print JSON/);
    const typo = dra('bench', '--sections', 'paths,exacts');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/--sections: unknown section "exacts" \(known: paths, exact, sweep, reproduce\)/);
  });
});

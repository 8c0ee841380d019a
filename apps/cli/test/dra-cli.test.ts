import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dra } from './dra-process.js';

const withoutSeconds = (text: string) => {
  const { seconds, ...rest } = JSON.parse(text) as Record<string, unknown>;
  expect(typeof seconds).toBe('number');
  return JSON.stringify(rest);
};

describe('dra run', () => {
  it('prints one JSON object whose bytes, but for seconds, repeat for a seed', () => {
    const a = dra('run', '--episodes', '150', '--seed', '5', '--json');
    const b = dra('run', '--episodes', '150', '--seed', '5', '--json');
    expect(a.code).toBe(0);
    expect(a.stdout.trim().split('\n')).toHaveLength(1);
    const result = JSON.parse(a.stdout);
    for (const key of ['objective', 'return', 'memoryCost', 'actionEntropy', 'episodes', 'seed', 'steps', 'seconds', 'curve']) {
      expect(result).toHaveProperty(key);
    }
    expect(result.curve.map((p: { episode: number }) => p.episode)).toEqual([0, 100]);
    expect(result.objective).toBeCloseTo((result.curve[0].objective + result.curve[1].objective) / 2, 10);
    expect(withoutSeconds(a.stdout)).toBe(withoutSeconds(b.stdout));
  });

  it('writes a run directory atomically, identical memory.json for a seed, and never overwrites without --force', () => {
    const root = mkdtempSync(join(tmpdir(), 'dra-cli-'));
    const first = join(root, 'first');
    const second = join(root, 'second');
    expect(dra('run', '--episodes', '120', '--seed', '3', '--out', first).code).toBe(0);
    expect(dra('run', '--episodes', '120', '--seed', '3', '--out', second).code).toBe(0);
    expect(readdirSync(first).sort()).toEqual(['allocation.csv', 'config.json', 'curve.csv', 'memory.json', 'run.json']);
    expect(readFileSync(join(first, 'memory.json'), 'utf8')).toBe(readFileSync(join(second, 'memory.json'), 'utf8'));
    const memory = JSON.parse(readFileSync(join(first, 'memory.json'), 'utf8'));
    expect(memory.mean).toHaveLength(54);
    expect(memory.sigma[0]).toHaveLength(4);
    expect(readFileSync(join(first, 'curve.csv'), 'utf8').split('\n')[0]).toBe('episode,objective,return,memoryCost,actionEntropy');
    expect(JSON.parse(readFileSync(join(first, 'run.json'), 'utf8')).status).toBe('completed');
    expect(JSON.parse(readFileSync(join(first, 'config.json'), 'utf8')).episodes).toBe(120);

    const before = readFileSync(join(first, 'memory.json'), 'utf8');
    const again = dra('run', '--episodes', '60', '--seed', '4', '--out', first);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; pass --force/);
    expect(readFileSync(join(first, 'memory.json'), 'utf8')).toBe(before);

    expect(dra('run', '--episodes', '60', '--seed', '4', '--out', first, '--force').code).toBe(0);
    expect(readFileSync(join(first, 'memory.json'), 'utf8')).not.toBe(before);
    expect(readdirSync(root).sort()).toEqual(['first', 'second']); // no staging leftovers
  });

  it.each([
    [['--lamda', '0.1'], /unknown option '--lamda'[\s\S]*Did you mean --lambda\?/],
    [['--lambda', '-0.1'], /--lambda must be a finite number >= 0, got -0.1/],
    [['--beta', '0'], /--beta must be a finite number > 0, got 0/],
    [['--sigma0', '0'], /--sigma0 must be a finite number > 0, got 0/],
    [['--episodes', '1.5'], /--episodes <n>' argument '1.5' is invalid/],
    [['--lambda', 'NaN'], /--lambda <x>' argument 'NaN' is invalid/],
    [['--beta', 'Infinity'], /--beta <x>' argument 'Infinity' is invalid/],
    [['--estimator', 'B'], /expected one of A, Q, R, causal, full, state-baseline, noise-baseline, all-actions, critic, q-critic, got 'B'/],
    [['--env', 'moon'], /--env: unknown environment 'moon' \(known: huys, maze, mountain-car\)/],
    [['--env', 'huys', '--depth', '0'], /--depth must be a whole number >= 1, got 0/],
    [['--env', 'maze', '--depth', '3'], /--depth is not an option of environment maze \(its options: --switch-at, --max-steps\)/],
    [['--env', 'huys', '--depth', 'two'], /--depth must be a whole number, got 'two'/],
    [['--q-init', '1,2,3'], /--q-init <x\|low,high>' argument '1,2,3' is invalid/],
    [['--beta-schedule', '1.5,0,10'], /--beta-schedule must be null or \{ growth > 0, every > 0, max > 0 \}/],
    [['--objective', 'eq10'], /--t-ref must be a number or 'realised' for eq10 on maze, which has no fixed horizon/],
    [['--objective', 'eq10', '--t-ref', 'realized'], /--t-ref.*expected a finite number or 'realised', got 'realized'/],
    [['--objective', 'eq8', '--estimator', 'Q'], /--estimator must be an unbiased estimator .* for eq8 and eq10/],
    [['--objective', 'eq9'], /expected one of dra, eq8, eq10, got 'eq9'/],
    [['--env', 'mountain-car', '--known-final-moves', 'true'], /--known-final-moves must be false: environment mountain-car exposes no tabular model/],
    [['--sigma-min', '5', '--sigma-max', '1'], /--sigma-max must be a finite number >= --sigma-min, got 1/],
  ])('rejects %j with exit code 2, naming flag and value, writing nothing', (args, message) => {
    const out = join(mkdtempSync(join(tmpdir(), 'dra-bad-')), 'run');
    const r = dra('run', ...args, '--episodes', (args as string[]).includes('--episodes') ? '1.5' : '10', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });
});

describe('dra run on the other paper tasks', () => {
  it('trains on the planning task with its preset and prints the precision allocation', () => {
    const r = dra('run', '--env', 'huys', '--episodes', '3000', '--eval-every', '1000', '--eval-rollouts', '200', '--json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.config).toMatchObject({ env: 'huys', envOptions: { depth: 3 }, lambda: 1, sigma0: 100, knownFinalMoves: true });
    expect(result.allocation).toHaveLength(12);
    expect(result.allocation.find((c: { state: number }) => c.state === 11).rewardDifference).toBe(120);
    expect(r.stderr).toMatch(/precision allocation: Spearman correlation of reward difference and sigma -?\d/);
    expect(r.stderr).toMatch(/state {2}reward difference {2}mean sigma/);
  });
});

/** The classic mountain-car step (TASKS.md 3), transcribed independently of the package. */
function classicStep(position: number, velocity: number, action: number): [number, number] {
  let v = velocity + (action - 1) * 0.001 + Math.cos(3 * position) * -0.0025;
  v = Math.max(-0.07, Math.min(0.07, v));
  let p = Math.max(-1.2, Math.min(0.6, position + v));
  if (p === -1.2 && v < 0) v = 0;
  return [p, v];
}

describe('dra run with the inference objectives', () => {
  it('trains the planning task on Eq. 10 with the critic estimator, the adam step and T_ref = its horizon, and reports the exact value of the final memory', () => {
    const r = dra('run', '--env', 'huys', '--objective', 'eq10', '--episodes', '400', '--eval-every', '200', '--eval-rollouts', '200', '--json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.config).toMatchObject({ objective: 'eq10', estimator: 'critic', sigmaStep: 'adam', alphaSigmaDecay: null, tRef: null });
    expect(r.stderr).toMatch(/huys: eq10 objective, estimator critic, adam sigma step/);
    expect(r.stderr).toMatch(/\+ entropy bonus/);
    expect(r.stderr).toMatch(/exact value of the final memory -?\d/);
    const exact = result.exactFinal;
    expect(exact.objective).toBeCloseTo(exact.return - exact.memoryCost + (1 / 3) * exact.actionEntropy, 9);
  });

  it("keeps the paper's estimator and constant step for DRA, and takes --sigma-step and --alpha-sigma-decay", () => {
    const paper = JSON.parse(dra('run', '--env', 'huys', '--episodes', '20', '--eval-every', '10', '--json').stdout);
    expect(paper.config).toMatchObject({ objective: 'dra', estimator: 'R', sigmaStep: 'constant' });
    const chosen = JSON.parse(dra('run', '--env', 'huys', '--episodes', '20', '--eval-every', '10', '--estimator', 'critic', '--sigma-step', 'rmsprop', '--alpha-sigma-decay', '500,0.6', '--json').stdout);
    expect(chosen.config).toMatchObject({ estimator: 'critic', sigmaStep: 'rmsprop', alphaSigmaDecay: { tau: 500, power: 0.6 } });
  });

  it('reads a run directory saved before the step rules existed as a run with the constant step', () => {
    const root = mkdtempSync(join(tmpdir(), 'dra-old-run-'));
    const dir = join(root, 'run');
    expect(dra('run', '--env', 'huys', '--episodes', '20', '--eval-every', '10', '--out', dir).code).toBe(0);
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    delete config.sigmaStep;
    delete config.alphaSigmaDecay;
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2));
    const r = dra('plot', dir, '--out', join(root, 'figures'));
    expect(r.code).toBe(0);
    config.sigmaStep = 'sgd';
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2));
    const bad = dra('plot', dir, '--out', join(root, 'figures-bad'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/sigmaStep must be one of constant, rmsprop, adam, got "sgd"/);
  });

  it.each([
    [['--sigma-step', 'sgd'], /--sigma-step <rule>' argument 'sgd' is invalid. expected one of constant, rmsprop, adam/],
    [['--alpha-sigma-decay', '100,2'], /--alpha-sigma-decay must be null or \{ tau > 0, power in \(0, 1\] \}, got \{"tau":100,"power":2\}/],
    [['--alpha-sigma-decay', 'soon'], /--alpha-sigma-decay <tau\[,power\]\|none>' argument 'soon' is invalid/],
  ])('rejects %j with exit code 2', (args, message) => {
    const r = dra('run', '--env', 'huys', '--episodes', '5', ...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("trains the maze (no fixed horizon) on Eq. 10 with T_ref 'realised', each episode's own length", () => {
    const r = dra('run', '--env', 'maze', '--objective', 'eq10', '--t-ref', 'realised', '--episodes', '200', '--json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.config).toMatchObject({ objective: 'eq10', estimator: 'critic', tRef: 'realised' });
    expect(result.objective).toBeGreaterThan(result.return - result.memoryCost);
  });
});

describe('dra evaluate', () => {
  const root = mkdtempSync(join(tmpdir(), 'dra-evaluate-'));
  const run = join(root, 'huys');
  const memory = join(run, 'memory.json');
  const setUp = () => {
    if (!existsSync(memory)) {
      expect(dra('run', '--env', 'huys', '--depth', '2', '--episodes', '600', '--eval-every', '300', '--eval-rollouts', '100', '--out', run).code).toBe(0);
    }
  };

  // A trained maze memory (4 actions, absorbing goal, no step cap) for the exact-vs-rollouts check.
  const mazeMemory = join(root, 'maze-run', 'memory.json');
  const huys3Memory = join(root, 'huys3-run', 'memory.json');
  const setUpTrained = () => {
    if (!existsSync(mazeMemory)) expect(dra('run', '--env', 'maze', '--episodes', '300', '--seed', '2', '--out', join(root, 'maze-run')).code).toBe(0);
    if (!existsSync(huys3Memory)) {
      expect(dra('run', '--env', 'huys', '--episodes', '600', '--eval-every', '300', '--eval-rollouts', '100', '--out', join(root, 'huys3-run')).code).toBe(0);
    }
  };

  it.each([
    ['maze', [], ['--objective', 'dra']],
    ['maze', [], ['--objective', 'eq8']],
    ['maze', [], ['--objective', 'eq10', '--t-ref', 'realised']],
    ['huys', ['--depth', '3'], ['--objective', 'dra']],
    ['huys', ['--depth', '3'], ['--objective', 'eq8']],
    ['huys', ['--depth', '3'], ['--objective', 'eq10']],
    ['huys', ['--depth', '3'], ['--objective', 'eq10', '--t-ref', 'realised']],
  ])('%s %j %j: exact value and gradient agree with 1e5 rollouts, |z| < 5 (oracle: the exact evaluator, checked against MATH.md 7 and finite differences)', (env, envFlags, objective) => {
    setUpTrained();
    const memoryFile = env === 'maze' ? mazeMemory : huys3Memory;
    const base = ['evaluate', '--env', env, ...envFlags, '--memory', memoryFile, ...objective, '--json'];
    const exact = dra(...base, '--exact');
    expect(exact.code).toBe(0);
    const e = JSON.parse(exact.stdout);
    const mc = JSON.parse(dra(...base, '--rollouts', '100000', '--seed', '3').stdout);
    expect(e.method).toBe('exact');
    expect(mc.rollouts).toBe(100_000);
    expect(Math.abs(mc.objective - e.objective) / mc.standardErrors.objective).toBeLessThan(5);
    e.gradient.forEach((row: number[], s: number) =>
      row.forEach((g, k) => {
        const se = mc.standardErrors.gradient[s][k];
        if (se > 0) expect(Math.abs(mc.gradient[s][k] - g) / se).toBeLessThan(5);
        // known memories (0 both ways), or states no rollout reached (only the deterministic cost term)
        else expect(Math.abs(mc.gradient[s][k] - g)).toBeLessThan(1e-4);
      }),
    );
  });

  it.each([
    [['--memory', '/nonexistent/memory.json', '--exact'], /--memory '\/nonexistent\/memory.json' cannot be read: no such file or directory \(ENOENT\)/],
    [['--memory', 'BROKEN', '--exact'], /--memory '.*broken.json': not valid JSON/],
    [['--memory', 'NEGATIVE', '--exact'], /--memory '.*negative.json': memory sigma\[0\]\[1\] must be a finite number > 0, got -1/],
    [['--memory', 'MAZE', '--exact'], /has 54 states but environment huys has 18/],
    [['--memory', 'OK', '--exact', '--rollouts', '10'], /--exact and --rollouts exclude each other/],
    [['--memory', 'OK', '--exact', '--lambda', '-1'], /--lambda must be a finite number >= 0, got -1/],
    [['--memory', 'OK', '--objective', 'eq8', '--estimator', 'A', '--rollouts', '10'], /--estimator A is a DRA estimator/],
  ])('rejects %j with exit code 2 and prints nothing on stdout', (args, message) => {
    setUp();
    const broken = join(root, 'broken.json');
    const negative = join(root, 'negative.json');
    const maze = join(root, 'maze.json');
    const rows = JSON.parse(readFileSync(memory, 'utf8'));
    writeFileSync(broken, '{"mean": [[0, 1]');
    rows.sigma[0][1] = -1;
    writeFileSync(negative, JSON.stringify(rows));
    writeFileSync(maze, JSON.stringify({ mean: Array.from({ length: 54 }, () => [0, 0, 0, 0]), sigma: Array.from({ length: 54 }, () => [1, 1, 1, 1]) }));
    const files: Record<string, string> = { BROKEN: broken, NEGATIVE: negative, MAZE: maze, OK: memory };
    const r = dra('evaluate', '--env', 'huys', '--depth', '2', ...(args as string[]).map((a) => files[a] ?? a), '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('refuses --exact without a tabular model and eq10 without a horizon or --t-ref', () => {
    const car = join(root, 'car.json');
    writeFileSync(car, JSON.stringify({ mean: Array.from({ length: 285 }, () => [0, 0, 0]), sigma: Array.from({ length: 285 }, () => [1, 1, 1]) }));
    expect(dra('evaluate', '--env', 'mountain-car', '--memory', car, '--exact').stderr).toMatch(/--exact: environment mountain-car exposes no tabular model/);
    expect(dra('evaluate', '--env', 'mountain-car', '--memory', car, '--objective', 'eq10', '--rollouts', '5').stderr).toMatch(/--t-ref \(a length or realised\) must be given for eq10 on mountain-car/);
  });
});

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
    expect(readdirSync(join(root, 'a')).sort()).toEqual(['compare.json', 'figure.svg', 'outcomes.csv', 'states.csv']);
    for (const file of ['compare.json', 'figure.svg', 'outcomes.csv', 'states.csv']) {
      expect(readFileSync(join(root, 'a', file), 'utf8')).toBe(readFileSync(join(root, 'b', file), 'utf8'));
    }
    const svg = readFileSync(join(root, 'a', 'figure.svg'), 'utf8');
    expect(svg.startsWith('<svg') && svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(svg.match(/<circle /g)).toHaveLength(3 * 12); // one point per objective and live state (depth 2: 12)
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

describe('dra envs and dra rollout', () => {
  it('lists the registered environments with their descriptions', () => {
    const r = dra('envs', '--json');
    expect(r.code).toBe(0);
    const envs = r.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(envs.map((e) => e.id)).toEqual(['huys', 'maze', 'mountain-car']);
    expect(envs[0]).toMatchObject({ stateCount: 24, actionsPerState: [2], tabularModel: true, horizon: 3, options: { depth: { default: 3 } } });
    expect(envs[2]).toMatchObject({ stateCount: 285, tabularModel: false, horizon: null, paperSettings: { betaSchedule: { growth: 1.5, every: 1000, max: 10 } } });
    expect(dra('envs').stdout).toMatch(/--depth <integer> {2}moves per trial \(default 3\)/);
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

  it('replays the planning task from tabular state 0: +140, -20, -20, then terminated (TASKS.md 2 table)', () => {
    const r = dra('rollout', '--env', 'huys', '--start', '0', '--actions', '0,0,0', '--json');
    const lines = r.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((l) => l.reward)).toEqual([140, -20, -20]);
    expect(lines.map((l) => l.state)).toEqual([7, 14, 21]); // states 2, 3, 4 after 1, 2, 3 moves
    expect(lines.map((l) => l.terminated)).toEqual([false, false, true]);
    expect(lines[0]).not.toHaveProperty('observation');
  });

  it.each([
    [['--env', 'moon', '--actions', '0'], /unknown environment 'moon' \(known: huys, maze, mountain-car\)/],
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
  it('reports steps per second and the ratio to a baseline command', () => {
    const r = dra('bench', '--episodes', '100', '--repeat', '1', '--json', '--baseline', `echo '{"steps_per_sec": 1000}'`);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.stepsPerSecond).toBeGreaterThan(0);
    expect(result.baseline.stepsPerSecond).toBe(1000);
    expect(result.ratio).toBeCloseTo(result.stepsPerSecond / 1000, 10);
  });

  it('rejects a baseline that prints no rate', () => {
    const r = dra('bench', '--episodes', '10', '--repeat', '1', '--baseline', 'echo nothing');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/did not print JSON/);
  });
});

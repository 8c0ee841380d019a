import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dra } from './dra-process.js';
const withoutSeconds = (text: string) => {
  const { seconds, stepsPerSecond, ...rest } = JSON.parse(text) as Record<string, unknown>;
  expect(typeof seconds).toBe('number');
  expect(typeof stepsPerSecond).toBe('number');
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
    [['--env', 'moon'], /--env: unknown environment 'moon' \(known: grid, huys, maze, mountain-car, tabular\)/],
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
  ])('%s %j %j: exact value and gradient agree with 1e5 rollouts, |z| < 5 (oracle: the exact evaluator, checked against docs/math.md 7 and finite differences)', (env, envFlags, objective) => {
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

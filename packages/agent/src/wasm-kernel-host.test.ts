import { buildTabularModel, MemoryTable, Rng, TrajectoryBuffer, type Outcome, type TabularModel } from '@dra/core';
import { TabularEnvironment } from '@dra/environments';
import { MountainCar } from '@dra/mountain-car';
import { createObjective, DraObjective, EpisodeStatistics, type EstimatorId, type ObjectiveSettings } from '@dra/objectives';
import { HardThompson, SoftThompson } from '@dra/policies';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runExperiment } from './experiment.js';
import { bits, bothPaths, recordBits } from './run-bits.test-support.js';
import { defaultSettings, type RunSettings } from './run-settings.js';
import { kernelRefusal } from './kernel-refusal.js';
import { TabularEpisodeKernel } from './wasm-kernel-host.js';
import { train, type TrainResult } from './train.js';
import { rollout } from './rollout.js';
import { expectedSarsaEpisode } from './expected-sarsa.js';
import { evaluateByRollouts } from './evaluate.js';

// Oracle: the TypeScript path of `train` (wasm: false). The kernel must give the same bits.

describe('TabularEpisodeKernel: whole runs, bit for bit against the TypeScript path', () => {
  const maze = (overrides: Partial<RunSettings>): RunSettings => ({ ...defaultSettings('maze'), episodes: 120, evalEvery: 20, evalRollouts: 20, ...overrides });

  it.each([
    ['DRA, estimator A (the paper)', maze({ seed: 1 })],
    ['DRA, estimator Q, sigma0 = 1', maze({ seed: 2, estimator: 'Q', sigma0: 1 })],
    // The recorded estimators: the TypeScript side costs more per episode, so fewer episodes.
    ['DRA, estimator R', maze({ seed: 3, estimator: 'R', episodes: 40, evalEvery: 10 })],
    ['DRA, causal estimator', maze({ seed: 31, estimator: 'causal', episodes: 40, evalEvery: 10 })],
    ['Eq. 8, causal estimator, sigma clipped at 5', maze({ seed: 4, objective: 'eq8', estimator: 'causal', sigmaMax: 5, episodes: 40, evalEvery: 10 })],
    ['Eq. 8, full estimator', maze({ seed: 41, objective: 'eq8', estimator: 'full', episodes: 40, evalEvery: 10 })],
    ['Eq. 10, causal estimator, realised length', maze({ seed: 5, objective: 'eq10', estimator: 'causal', tRef: 'realised', episodes: 40, evalEvery: 10 })],
    ['Eq. 10, full estimator, T_ref 30, Adam steps', maze({ seed: 51, objective: 'eq10', estimator: 'full', tRef: 30, sigmaStep: 'adam', episodes: 40, evalEvery: 10 })],
    // A critic estimator has no kernel twin: its gradient runs in TypeScript between kernel episodes.
    ['Eq. 8, critic estimator (gradient in TypeScript)', maze({ seed: 52, objective: 'eq8', estimator: 'critic', episodes: 30, evalEvery: 10 })],
    ['the goal switch at episode 50 (a new model mid-run)', maze({ seed: 6, envOptions: { switchAt: 50, maxSteps: 100_000 } })],
    // A new layout mid-run must forget the per-call memory-cost cache.
    ['Eq. 8, causal, the goal switch at episode 20', maze({ seed: 61, objective: 'eq8', estimator: 'causal', episodes: 40, evalEvery: 10, envOptions: { switchAt: 20, maxSteps: 100_000 } })],
    ['a time limit of 12 steps (truncated episodes)', maze({ seed: 7, envOptions: { switchAt: null, maxSteps: 12 } })],
  ])('maze: %s', (_, settings) => {
    const { wasm, typescript } = bothPaths(settings);
    expect(typescript.kernel.episodes).toBe('typescript');
    expect(wasm.kernel.episodes).toBe('wasm');
    expect(recordBits(wasm)).toBe(recordBits(typescript));
  });

  it('reports where the sigma gradient ran', () => {
    expect(runExperiment(maze({ episodes: 2 })).kernel).toEqual({ episodes: 'wasm', gradient: 'wasm' });
    expect(runExperiment(maze({ episodes: 2, estimator: 'R' })).kernel).toEqual({ episodes: 'wasm', gradient: 'wasm' });
    expect(runExperiment(maze({ episodes: 2, objective: 'eq8', estimator: 'causal' })).kernel).toEqual({ episodes: 'wasm', gradient: 'wasm' });
    expect(runExperiment(maze({ episodes: 2, objective: 'eq8', estimator: 'state-baseline' })).kernel).toEqual({ episodes: 'wasm', gradient: 'typescript' });
    expect(runExperiment(maze({ episodes: 2, exactGradient: true })).kernel).toEqual({ episodes: 'wasm', gradient: 'exact' });
  });

});

/** A random tabular MDP: state 0 live, the last terminal; 1-4 actions per live state, 1-3 outcomes each; a one-hot or spread start. */
const arbitraryModel = fc
  .record({
    states: fc.integer({ min: 2, max: 6 }),
    seed: fc.integer({ min: 0, max: 1e9 }),
    spreadStart: fc.boolean(),
    horizon: fc.constantFrom(Infinity, 3, 8),
  })
  .map(({ states, seed, spreadStart, horizon }): TabularModel => {
    const rng = Rng.create(seed);
    const terminal = Array.from({ length: states }, (_, s) => s > 0 && (s === states - 1 || rng.uniform() < 0.2));
    const actions: Outcome[][][] = terminal.map((isTerminal) =>
      isTerminal
        ? []
        : Array.from({ length: 1 + rng.integer(4) }, () => {
            const n = 1 + rng.integer(3);
            const weights = Array.from({ length: n }, () => 0.05 + rng.uniform());
            const total = weights.reduce((a, b) => a + b, 0);
            return weights.map((w) => ({ next: rng.integer(states), probability: w / total, reward: Math.round(20 * rng.uniform() - 10) }));
          }),
    );
    const start = Array.from({ length: states }, (_, s): number => (spreadStart ? (terminal[s] ? 0 : 1) : s === 0 ? 1 : 0));
    const mass = start.reduce((a, b) => a + b, 0);
    return buildTabularModel({ actions, start: start.map((p) => p / mass), terminal, horizon });
  });

/** Every objective and estimator pair the kernel runs: DRA with the paper's and the unbiased estimators, Eq. 8, Eq. 10 with T_ref fixed and realised. */
const KERNEL_PAIRS: readonly ObjectiveSettings[] = [
  { objective: 'dra', estimator: 'A' },
  { objective: 'dra', estimator: 'Q' },
  { objective: 'dra', estimator: 'R' },
  { objective: 'dra', estimator: 'causal' },
  { objective: 'eq8', estimator: 'causal' },
  { objective: 'eq8', estimator: 'full' },
  { objective: 'eq10', estimator: 'causal', tRef: 7 },
  { objective: 'eq10', estimator: 'full', tRef: 'realised' },
  { objective: 'eq10', estimator: 'causal', tRef: 'realised' },
].map((pair) => ({ lambda: 0.1, sigmaBase: 5, ...pair }) as ObjectiveSettings);

function trainOnce(model: TabularModel, q: Float64Array, options: { sigma0: number; beta: number; objective: ObjectiveSettings; seed: number; wasm: boolean }): TrainResult {
  const environment = new TabularEnvironment(model, { maxSteps: 25 });
  const memory = new MemoryTable(environment.actionCounts, { sigma: options.sigma0 });
  memory.mean.set(q.subarray(0, memory.size));
  return train({
    environment,
    policy: new SoftThompson({ beta: options.beta }),
    objective: createObjective(options.objective),
    memory,
    rng: Rng.create(options.seed),
    episodes: 6, gamma: 0.9, alphaQ: 0.1, alphaSigma: 0.1, nTraj: 3, evalEvery: 2, evalRollouts: 4, sigmaMin: 0.01, sigmaMax: 100,
    wasm: options.wasm,
  });
}

function resultBits(r: TrainResult): string {
  const curve = r.curve.flatMap((p) => [p.objective, p.return, p.memoryCost, p.actionEntropy]);
  return [bits(curve), bits(r.memory.mean), bits(r.memory.sigma), JSON.stringify(r.steps)].join('\n');
}

describe('TabularEpisodeKernel: random MDPs and memories (fast-check), against the TypeScript path', () => {
  const extremes = fc.constantFrom(0, 1e-300, -1e300, 1e300, 7.5, -3.25, 1e6);
  it('the same bits for stochastic transitions, random starts, horizons, one-action states, huge beta*q, sigma at its bounds', () => {
    fc.assert(
      fc.property(
        arbitraryModel,
        fc.array(fc.oneof(fc.double({ min: -50, max: 50, noNaN: true }), extremes), { minLength: 24, maxLength: 24 }),
        fc.constantFrom(0.01, 1, 3, 100),
        fc.constantFrom(1e-3, 1, 10, 1e4),
        fc.constantFrom(...KERNEL_PAIRS),
        fc.integer({ min: 0, max: 1e6 }),
        (model, q, sigma0, beta, objective, seed) => {
          const qs = Float64Array.from(q);
          const wasm = trainOnce(model, qs, { sigma0, beta, objective, seed, wasm: true });
          const typescript = trainOnce(model, qs, { sigma0, beta, objective, seed, wasm: false });
          expect(wasm.kernel).toEqual({ episodes: 'wasm', gradient: 'wasm' });
          expect(resultBits(wasm)).toBe(resultBits(typescript));
        },
      ),
      { numRuns: 90 },
    );
  });

  it('phase by phase: the learning episode, the gradient sum, the evaluation sums and the generator, bit for bit', () => {
    fc.assert(
      fc.property(
        arbitraryModel,
        fc.array(fc.oneof(fc.double({ min: -50, max: 50, noNaN: true }), extremes), { minLength: 24, maxLength: 24 }),
        fc.array(fc.constantFrom(0.01, 0.3, 1, 3, 100), { minLength: 24, maxLength: 24 }),
        fc.constantFrom(1e-3, 1, 10, 1e4),
        fc.constantFrom(...KERNEL_PAIRS),
        fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }),
        fc.integer({ min: 0, max: 1e6 }),
        (model, q, sigma, beta, settings, known, seed) => {
          const environment = new TabularEnvironment(model, { maxSteps: 25 });
          const policy = new SoftThompson({ beta });
          const objective = createObjective(settings);
          const fresh = () => {
            const memory = new MemoryTable(environment.actionCounts);
            memory.mean.set(q.slice(0, memory.size));
            memory.sigma.set(sigma.slice(0, memory.size));
            memory.known.set(known.slice(0, memory.size).map(Number));
            return memory;
          };
          const kernel = TabularEpisodeKernel.create(environment, policy, fresh())!;
          const code = TabularEpisodeKernel.gradientEstimator(objective)!;
          expect(code).not.toBeNull();
          const [oursMemory, theirsMemory] = [fresh(), fresh()];
          const [ours, theirs] = [Rng.create(seed), Rng.create(seed)];
          const buffer = new TrajectoryBuffer(theirsMemory.maxActions);

          // learning episode: q and the steps
          const learned = kernel.learningEpisode(oursMemory, ours, beta, 0.9, 0.5);
          const expected = expectedSarsaEpisode(environment, policy, theirsMemory, theirs, 0.9, 0.5, new TrajectoryBuffer(theirsMemory.maxActions, 1), new Float64Array(4), theirsMemory.known);
          expect(learned).toBe(expected);
          expect(bits(oursMemory.mean)).toBe(bits(theirsMemory.mean));

          // gradient rollouts: the summed estimates and the steps
          const gradient = new Float64Array(oursMemory.size);
          const steps = kernel.gradientRollouts(oursMemory, ours, beta, 3, code, gradient);
          const sum = new Float64Array(theirsMemory.size);
          let theirSteps = 0;
          for (let n = 0; n < 3; n++) {
            theirSteps += rollout(environment, policy, theirsMemory, theirs, buffer);
            objective.accumulateEpisode(buffer, theirsMemory, policy, sum);
          }
          expect(steps).toBe(theirSteps);
          expect(bits(gradient)).toBe(bits(sum));

          // evaluation: every sum of EpisodeStatistics
          const [a, b] = [new EpisodeStatistics(), new EpisodeStatistics()];
          kernel.evaluationRollouts(oursMemory, ours, beta, 5, a);
          evaluateByRollouts(environment, policy, theirsMemory, objective, theirs, 5, buffer, b);
          const sums = (x: EpisodeStatistics) => [x.episodes, x.steps, x.returnSum, x.returnSquares, x.entropySum, x.entropySquares, x.stepEntropySum];
          expect(bits(sums(a))).toBe(bits(sums(b)));
          expect(bits(a.visits.subarray(0, model.stateCount))).toBe(bits(b.visits.subarray(0, model.stateCount)));

          // and the generators stand at the same place
          expect(ours.int32()).toBe(theirs.int32());
        },
      ),
      { numRuns: 150 },
    );
  });

  it('pinned: NaN and infinite means give the same bits, or the same error, on both paths', () => {
    const model = buildTabularModel({
      actions: [[[{ next: 1, probability: 1, reward: -1 }], [{ next: 0, probability: 1, reward: 0 }]], [[{ next: 2, probability: 1, reward: 5 }]], []],
      start: [1, 0, 0],
      terminal: [false, false, true],
    });
    for (const [q, objective] of [[NaN, 0, 1], [Infinity, -Infinity, 0], [1e308, -1e308, 0]].flatMap((q) => KERNEL_PAIRS.map((pair) => [q, pair] as const))) {
      const qs = Float64Array.from(q);
      const run = (wasm: boolean) => {
        try {
          return resultBits(trainOnce(model, qs, { sigma0: 3, beta: 10, objective, seed: 9, wasm }));
        } catch (error) {
          return String(error);
        }
      };
      expect(run(true)).toBe(run(false));
    }
  });
});

describe('TabularEpisodeKernel.create and gradientEstimator', () => {
  const memoryFor = (environment: { actionCounts: ArrayLike<number> }) => new MemoryTable(environment.actionCounts, { sigma: 1 });

  it('qualifies a tabular environment and mountain car with soft Thompson sampling only', () => {
    const maze = runExperimentEnvironment();
    expect(TabularEpisodeKernel.create(maze, new SoftThompson({ beta: 10 }), memoryFor(maze))).not.toBeNull();
    expect(TabularEpisodeKernel.create(maze, new HardThompson(), memoryFor(maze))).toBeNull();
    const car = new MountainCar();
    expect(TabularEpisodeKernel.create(car, new SoftThompson({ beta: 10 }), memoryFor(car))).not.toBeNull();
    expect(kernelRefusal(car, new SoftThompson({ beta: 10 }), new MemoryTable(new Int32Array(285).fill(2)))).toMatch(/state 0 has 2 actions, mountain car's 3/);
    class Windy extends MountainCar {
      override step(action: number, rng: Rng): number {
        return super.step(action === 1 ? 2 : action, rng);
      }
    }
    expect(new Windy().kernelDynamics).toBeNull();
    expect(kernelRefusal(new Windy(), new SoftThompson({ beta: 10 }))).toMatch(/declares no kernelModel or kernelDynamics/);
  });

  it('declines an environment that steps its own way', () => {
    class Slippery extends TabularEnvironment {
      override step(action: number, rng: Rng): number {
        return super.step(action, rng) - 1;
      }
    }
    const environment = new Slippery(runExperimentEnvironment().model);
    expect(TabularEpisodeKernel.create(environment, new SoftThompson({ beta: 10 }), memoryFor(environment))).toBeNull();
  });

  it("runs the paper's 'A', 'Q', 'R' and the unbiased 'causal' and 'full' with their objective's state terms", () => {
    const gradient = (objective: 'dra' | 'eq8' | 'eq10', estimator: EstimatorId, tRef: number | 'realised' = 10) =>
      TabularEpisodeKernel.gradientEstimator(createObjective({ objective, lambda: 0.2, sigmaBase: 5, estimator, tRef }));
    const none = { entropy: 0, visitCost: 0, meanEntropy: 0 };
    expect(gradient('dra', 'A')).toEqual({ code: 0, ...none, sigmaBase: 1 });
    expect(gradient('dra', 'Q')?.code).toBe(1);
    expect(gradient('dra', 'R')?.code).toBe(2);
    expect(gradient('dra', 'causal')).toEqual({ code: 3, ...none, sigmaBase: 1 });
    // Eq. 8: H_t and KL(s_t) at every step, weight lambda (docs/math.md 1).
    expect(gradient('eq8', 'full')).toEqual({ code: 4, entropy: 0.2, visitCost: 0.2, sigmaBase: 5, meanEntropy: 0 });
    // Eq. 10: lambda / T_ref per step, or lambda on the realised mean (docs/math.md 3.5).
    expect(gradient('eq10', 'causal')).toEqual({ code: 3, ...none, entropy: 0.2 / 10, sigmaBase: 5 });
    expect(gradient('eq10', 'causal', 'realised')).toEqual({ code: 3, ...none, sigmaBase: 5, meanEntropy: 0.2 });
    for (const estimator of ['state-baseline', 'noise-baseline', 'all-actions', 'critic', 'q-critic'] as const) expect(gradient('eq8', estimator)).toBeNull();
  });

  it('a live state without actions: the same RangeError as TabularEnvironment.step', () => {
    const model: TabularModel = {
      ...buildTabularModel({ actions: [[[{ next: 1, probability: 1, reward: 0 }]], [[{ next: 1, probability: 1, reward: 0 }]]], start: [1, 0], terminal: [false, false] }),
    };
    // State 1 loses its action: a model buildTabularModel would refuse, written by hand.
    const broken: TabularModel = { ...model, actionStart: Int32Array.of(0, 1, 1), transitionStart: Int32Array.of(0, 1) };
    const run = (wasm: boolean) => () =>
      train({
        environment: new TabularEnvironment(broken),
        policy: new SoftThompson({ beta: 1 }),
        objective: new DraObjective({ lambda: 0.1, sigmaBase: 5 }),
        memory: new MemoryTable([1, 0]),
        rng: Rng.create(1),
        episodes: 1, gamma: 0.9, alphaQ: 0.1, alphaSigma: 0.1, nTraj: 1, evalEvery: 1, evalRollouts: 1, sigmaMin: 0.01, sigmaMax: 100,
        wasm,
      });
    expect(run(false)).toThrow('action -1 is outside the 0 actions of state 1');
    expect(run(true)).toThrow('action -1 is outside the 0 actions of state 1');
  });
});

function runExperimentEnvironment(): TabularEnvironment {
  let environment: TabularEnvironment | undefined;
  runExperiment({ ...defaultSettings('maze'), episodes: 1 }, { onStart: (run) => (environment = run.environment as TabularEnvironment) });
  return environment!;
}

import { BadInputError, type Environment, type KernelModel, type MemoryTable, type Policy, type Rng, type TabularModel } from '@dra/core';
import { dynamicsShell, kernelRefusal, layoutRefusal } from './kernel-refusal.js';
import { EXP2_TABLE, POW2, ZIG_RATIO, ZIG_X } from '@dra/core/internal';
import type { EpisodeStatistics, Objective } from '@dra/objectives';
import { type KernelGradient, kernelGradientOf } from './kernel-gradient.js';
import { kernelModule, type WasmApi, type WasmMemory } from './wasm-kernel-module.js';
import * as layout from './wasm-kernel-layout.js';

/** The exports of assembly/wasm-kernel.ts. */
interface KernelExports {
  configure(...byteOffsets: number[]): void;
  configureEnvironment(states: number, oneHotStart: number, stepLimit: number): void;
  configureEstimators(...layout: number[]): void;
  configureDynamics(kind: number): void;
  learningEpisode(beta: number, gamma: number, alphaQ: number): number;
  gradientRollouts(nTraj: number, beta: number, estimator: number, slots: number, entropy: number, visitCost: number, sigmaBase: number, meanEntropy: number): number;
  evaluationRollouts(rollouts: number, beta: number): number;
}

const WASM_PAGE = 65536;
/** Byte offsets of one layout of the kernel's memory from `end` on, every array 8-byte aligned. */
class Layout {
  constructor(public end: number) {}
  take(bytes: number): number {
    const at = this.end;
    this.end += Math.ceil(bytes / 8) * 8;
    return at;
  }
}

/** Byte offsets of the host's part of the kernel's memory (`offsets`). */
type Offsets = Record<
  | 'mean' | 'sigma' | 'known' | 'gradient' | 'actionStart' | 'transitionStart' | 'nextState' | 'probability' | 'reward'
  | 'start' | 'terminal' | 'zeta' | 'prob' | 'totals' | 'visits' | 'probabilityOf'
  | 'klStamp' | 'klSum' | 'klSlope' | 'trajectory' | 'end',
  number
>;

/** Views of the kernel's memory, valid until it grows. */
interface Views {
  rngWords: Int32Array;
  /** The step count of the last call (STEPS_AT). */
  steps: Float64Array;
  mean: Float64Array;
  sigma: Float64Array;
  known: Uint8Array;
  gradient: Float64Array;
  totals: Float64Array;
  visits: Float64Array;
}

/**
 * The host of the WebAssembly episode kernel (assembly/wasm-kernel.ts, embedded in
 * wasm-kernel-binary.generated.ts): it lays out the kernel's memory (wasm-kernel-layout.ts) and
 * runs, for an environment that declares a `kernelModel` and a policy that declares the
 * 'soft-thompson' kernel, the episodes of `train`: learning episodes (expected SARSA),
 * evaluation rollouts, and the sigma-gradient rollouts of an objective whose description
 * declares a kernel estimator (`gradientEstimator`). It steps the same generator
 * with the same exp, log and ziggurat in the same order as the TypeScript path, so memories,
 * curves, step counts and generators come out bit for bit the same (wasm-kernel-host.test.ts
 * compares whole runs); it is only faster. `create` returns null when the declarations do not
 * qualify (`kernelRefusal`) or WebAssembly is unavailable, and `train` then runs everything in
 * TypeScript. It dispatches on declarations only, never on classes.
 */
export class TabularEpisodeKernel {
  private readonly exports: KernelExports;
  private readonly memory: WasmMemory;
  private readonly environment: Environment;
  private readonly slots: number;
  private readonly maxActions: number;
  private configured: { model: TabularModel; fixedStartState: number; stepLimit: number; dynamics: number; at: Offsets } | undefined;
  /** The laid-out model of a named dynamics (`dynamicsShell`), made once. */
  private shell: TabularModel | undefined;
  private views: Views | undefined;

  private constructor(wasm: { api: WasmApi; module: object }, environment: Environment, memory: MemoryTable) {
    this.memory = new wasm.api.Memory({ initial: 1 });
    this.exports = new wasm.api.Instance(wasm.module, { env: { memory: this.memory } }).exports as KernelExports;
    // The fixed part (in the first page, which growing keeps): core's tables, once per kernel.
    const buffer = this.memory.buffer;
    new Float64Array(buffer, layout.ZIG_X_AT, layout.ZIG_X_LENGTH).set(ZIG_X);
    new Float64Array(buffer, layout.ZIG_RATIO_AT, layout.ZIG_RATIO_LENGTH).set(ZIG_RATIO);
    new Float64Array(buffer, layout.EXP2_TABLE_AT, layout.EXP2_TABLE_LENGTH).set(EXP2_TABLE);
    new Float64Array(buffer, layout.POW2_AT, layout.POW2_LENGTH).set(POW2);
    this.environment = environment;
    this.slots = memory.size;
    this.maxActions = memory.maxActions;
  }

  /** A kernel for this environment, policy and memory layout, or null when they do not qualify (see `kernelRefusal`). */
  static create(environment: Environment, policy: Policy, memory: MemoryTable): TabularEpisodeKernel | null {
    if (kernelRefusal(environment, policy, memory) !== null) return null;
    const wasm = kernelModule();
    return wasm === null ? null : new TabularEpisodeKernel(wasm, environment, memory);
  }

  /**
   * The objective's gradient estimator as the kernel runs it, from its declaration
   * (`objective.description.kernel`: 'A', 'Q', 'R', or 'causal' and 'full' with their state
   * terms); null (TypeScript rollouts) for none or one the kernel does not have.
   */
  static gradientEstimator(objective: Objective): KernelGradient | null {
    return kernelGradientOf(objective);
  }


  /** `expectedSarsaEpisode` with `rng` and the policy's beta; updates `memory.mean` and returns the steps. */
  learningEpisode(memory: MemoryTable, rng: Rng, beta: number, gamma: number, alphaQ: number): number {
    const views = this.enter(memory, rng);
    const steps = this.checked(this.exports.learningEpisode(beta, gamma, alphaQ));
    memory.mean.set(views.mean);
    rng.readWords(views.rngWords, 0);
    return steps;
  }

  /**
   * N_traj gradient rollouts with the memories fixed: `gradient` receives the summed
   * estimates of `estimator` (see `gradientEstimator`), as `objective.accumulateEpisode` leaves
   * it from zero. Returns the steps.
   */
  gradientRollouts(memory: MemoryTable, rng: Rng, beta: number, nTraj: number, estimator: KernelGradient, gradient: Float64Array): number {
    this.enter(memory, rng);
    const e = estimator;
    const steps = this.checked(this.exports.gradientRollouts(nTraj, beta, e.code, this.slots, e.entropy, e.visitCost, e.sigmaBase, e.meanEntropy));
    // The recorded episodes may have grown the memory: views of the old buffer are detached.
    const views = this.currentViews();
    gradient.set(views.gradient);
    rng.readWords(views.rngWords, 0);
    return steps;
  }

  /** `rollouts` evaluation episodes: `statistics` is cleared and filled as `evaluateByRollouts` fills it. Returns the steps. */
  evaluationRollouts(memory: MemoryTable, rng: Rng, beta: number, rollouts: number, statistics: EpisodeStatistics): number {
    const views = this.enter(memory, rng);
    const steps = this.checked(this.exports.evaluationRollouts(rollouts, beta));
    rng.readWords(views.rngWords, 0);
    statistics.clear();
    if (statistics.visits.length < memory.stateCount) statistics.visits = new Float64Array(memory.stateCount);
    statistics.visits.set(views.visits);
    const t = views.totals;
    statistics.episodes = t[layout.TOTAL_EPISODES]!;
    statistics.steps = t[layout.TOTAL_STEPS]!;
    statistics.returnSum = t[layout.TOTAL_RETURN_SUM]!;
    statistics.returnSquares = t[layout.TOTAL_RETURN_SQUARES]!;
    statistics.entropySum = t[layout.TOTAL_ENTROPY_SUM]!;
    statistics.entropySquares = t[layout.TOTAL_ENTROPY_SQUARES]!;
    statistics.stepEntropySum = t[layout.TOTAL_STEP_ENTROPY_SUM]!;
    return steps;
  }

  /** Hands the memories and the generator to the kernel (laying out the declared model first when it changed). */
  private enter(memory: MemoryTable, rng: Rng): Views {
    const declared = this.environment.kernelModel;
    const dynamics = declared ? null : this.environment.kernelDynamics;
    if (!declared && !dynamics) throw new BadInputError(`environment ${this.environment.id} withdrew its kernelModel or kernelDynamics during training`);
    const model = declared ? declared.model : (this.shell ??= dynamicsShell(memory));
    const fixedStart = declared ? declared.fixedStartState : -1;
    const stepLimit = declared ? declared.stepLimit : dynamics!.stepLimit;
    const code = declared ? layout.DYNAMICS_TABULAR : layout.DYNAMICS_MOUNTAIN_CAR;
    const last = this.configured;
    if (last === undefined || model !== last.model || fixedStart !== last.fixedStartState || stepLimit !== last.stepLimit || code !== last.dynamics) {
      this.lay({ model, fixedStartState: fixedStart, stepLimit }, code, memory);
    }
    const views = this.currentViews();
    views.mean.set(memory.mean);
    views.sigma.set(memory.sigma);
    views.known.set(memory.known);
    rng.writeWords(views.rngWords, 0);
    return views;
  }

  /** The call's step count (at STEPS_AT), or the error TabularEnvironment.step gives when asked to act in a live state without actions. */
  private checked(code: number): number {
    if (code < 0) throw new BadInputError(`action -1 is outside the 0 actions of state ${-code - 1}`);
    return this.currentViews().steps[0]!;
  }

  /** The views of the current layout, made anew when the memory grew since. */
  private currentViews(): Views {
    const at = this.configured!.at;
    const buffer = this.memory.buffer;
    if (this.views === undefined || this.views.mean.buffer !== buffer) {
      const states = this.configured!.model.stateCount;
      this.views = {
        rngWords: new Int32Array(buffer, layout.RNG_AT, layout.RNG_WORDS),
        steps: new Float64Array(buffer, layout.STEPS_AT, 1),
        mean: new Float64Array(buffer, at.mean, this.slots),
        sigma: new Float64Array(buffer, at.sigma, this.slots),
        known: new Uint8Array(buffer, at.known, this.slots),
        gradient: new Float64Array(buffer, at.gradient, this.slots),
        totals: new Float64Array(buffer, at.totals, layout.TOTALS_LENGTH),
        visits: new Float64Array(buffer, at.visits, states),
      };
    }
    return this.views;
  }

  /** Lays out the memory and the declared model in the kernel's memory after its fixed part. */
  private lay(declared: KernelModel, dynamics: number, memory: MemoryTable): void {
    const model = declared.model;
    const refusal = layoutRefusal(model, memory);
    if (refusal !== null) throw new BadInputError(`environment ${this.environment.id}: ${refusal}`);
    const slots = this.slots;
    const states = model.stateCount;
    const outcomes = model.transitionStart[slots]!;
    const at = this.offsets(states, outcomes);
    const pages = Math.ceil(at.end / WASM_PAGE) - this.memory.buffer.byteLength / WASM_PAGE;
    if (pages > 0) this.memory.grow(pages);
    const buffer = this.memory.buffer;
    new Int32Array(buffer, at.actionStart, states + 1).set(model.actionStart.subarray(0, states + 1));
    new Int32Array(buffer, at.transitionStart, slots + 1).set(model.transitionStart.subarray(0, slots + 1));
    new Int32Array(buffer, at.nextState, outcomes).set(model.nextState.subarray(0, outcomes));
    new Float64Array(buffer, at.probability, outcomes).set(model.probability.subarray(0, outcomes));
    new Float64Array(buffer, at.reward, outcomes).set(model.reward.subarray(0, outcomes));
    new Float64Array(buffer, at.start, states).set(model.start.subarray(0, states));
    new Uint8Array(buffer, at.terminal, states).set(model.terminal.subarray(0, states));
    this.exports.configure(
      at.mean, at.sigma, at.known, at.gradient,
      at.actionStart, at.transitionStart, at.nextState, at.probability, at.reward,
      at.start, at.terminal, at.zeta, at.prob, at.totals, at.visits,
    );
    this.exports.configureEnvironment(states, declared.fixedStartState, declared.stepLimit);
    this.exports.configureDynamics(dynamics);
    new Int32Array(buffer, at.klStamp, states).fill(0);
    this.exports.configureEstimators(at.probabilityOf, at.klStamp, at.klSum, at.klSlope, at.trajectory, layout.TRAJECTORY_INITIAL_STEPS, this.maxActions);
    this.configured = { model, fixedStartState: declared.fixedStartState, stepLimit: declared.stepLimit, dynamics, at };
    this.views = undefined;
  }

  /** Byte offsets of the host's part of the layout, from the end of the fixed part. */
  private offsets(states: number, outcomes: number): Offsets {
    const slots = this.slots;
    const parts = new Layout(layout.FIXED_END);
    return {
      mean: parts.take(slots * 8),
      sigma: parts.take(slots * 8),
      known: parts.take(slots),
      gradient: parts.take(slots * 8),
      actionStart: parts.take((states + 1) * 4),
      transitionStart: parts.take((slots + 1) * 4),
      nextState: parts.take(outcomes * 4),
      probability: parts.take(outcomes * 8),
      reward: parts.take(outcomes * 8),
      start: parts.take(states * 8),
      terminal: parts.take(states),
      zeta: parts.take(this.maxActions * 8),
      prob: parts.take(this.maxActions * 8),
      totals: parts.take(layout.TOTALS_LENGTH * 8),
      visits: parts.take(states * 8),
      probabilityOf: parts.take(this.maxActions * 8),
      klStamp: parts.take(states * 4),
      klSum: parts.take(states * 8),
      klSlope: parts.take(slots * 8),
      // Last: the kernel grows the memory past it when an episode outlasts it.
      trajectory: parts.take(layout.TRAJECTORY_INITIAL_STEPS * (layout.TRAJECTORY_ZETA + 24 * this.maxActions)),
      end: parts.end, // after every take above
    };
  }
}

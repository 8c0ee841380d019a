import { BadInputError, type Environment, EXP2_TABLE, type MemoryTable, type Policy, POW2, type Rng, type TabularModel, ZIG_RATIO, ZIG_X } from '@dra/core';
import { TabularEnvironment } from '@dra/environments';
import { DraObjective, PaperEstimator, type EpisodeStatistics, type Objective } from '@dra/objectives';
import { SoftThompson } from '@dra/policies';
import { TABULAR_EPISODES_WASM_BASE64 } from './tabular-episodes-wasm.js';

/** The exports of assembly/tabular-episodes.ts. */
interface KernelExports {
  readonly RNG_AT: { value: number };
  readonly ZIG_X_AT: { value: number };
  readonly ZIG_RATIO_AT: { value: number };
  readonly EXP2_TABLE_AT: { value: number };
  readonly POW2_AT: { value: number };
  readonly FIXED_END: { value: number };
  configure(...byteOffsets: number[]): void;
  configureEnvironment(states: number, oneHotStart: number, stepLimit: number): void;
  learningEpisode(beta: number, gamma: number, alphaQ: number): number;
  gradientRollouts(nTraj: number, beta: number, estimator: number, slots: number): number;
  evaluationRollouts(rollouts: number, beta: number): number;
}

/** The part of the WebAssembly JavaScript API the kernel uses (the global is absent on some runtimes). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}

const WASM_PAGE = 65536;
/** The kernel's codes of the DRA estimators it runs. */
const ESTIMATOR_CODES = { A: 0, Q: 1 } as const;

let compiled: { api: WasmApi; module: object } | null | undefined;

/** The compiled kernel, or null where WebAssembly is unavailable (compiled once per process). */
function kernelModule(): { api: WasmApi; module: object } | null {
  if (compiled === undefined) {
    compiled = null;
    const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (api !== undefined) {
      try {
        const text = atob(TABULAR_EPISODES_WASM_BASE64);
        const bytes = new Uint8Array(text.length);
        for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
        compiled = { api, module: new api.Module(bytes) };
      } catch {
        // e.g. a browser's main thread refusing to compile synchronously: the TypeScript path
      }
    }
  }
  return compiled;
}

/** Byte offsets of one layout of the kernel's memory from `end` on, every array 8-byte aligned. */
class Layout {
  constructor(public end: number) {}
  take(bytes: number): number {
    const at = this.end;
    this.end += Math.ceil(bytes / 8) * 8;
    return at;
  }
}

/** Views of the kernel's memory, valid until it grows. */
interface Views {
  rngWords: Int32Array;
  mean: Float64Array;
  sigma: Float64Array;
  known: Uint8Array;
  gradient: Float64Array;
  totals: Float64Array;
  visits: Float64Array;
}

/**
 * The episodes of `train` in WebAssembly for a `TabularEnvironment` (stepping and reset
 * not overridden) and `SoftThompson`: learning episodes (expected SARSA), evaluation
 * rollouts, and the sigma-gradient rollouts of the DRA objective with the 'A' or 'Q'
 * estimator (`gradientEstimator`). It steps the same generator with the same exp, log and
 * ziggurat in the same order as the TypeScript path, so memories, curves, step counts and
 * generators come out bit for bit the same (tabular-episode-kernel.test.ts compares whole
 * runs); it is only faster. `create` returns null for other environments or policies, or
 * where WebAssembly is unavailable, and `train` then runs everything in TypeScript.
 */
export class TabularEpisodeKernel {
  private readonly exports: KernelExports;
  private readonly memory: WasmMemory;
  private readonly environment: TabularEnvironment;
  private readonly slots: number;
  private readonly maxActions: number;
  private model: TabularModel | undefined;
  private views: Views | undefined;

  private constructor(wasm: { api: WasmApi; module: object }, environment: TabularEnvironment, memory: MemoryTable) {
    this.memory = new wasm.api.Memory({ initial: 1 });
    this.exports = new wasm.api.Instance(wasm.module, { env: { memory: this.memory } }).exports as KernelExports;
    // The fixed part (in the first page, which growing keeps): core's tables, once per kernel.
    const fixed = this.exports;
    const buffer = this.memory.buffer;
    new Float64Array(buffer, fixed.ZIG_X_AT.value, ZIG_X.length).set(ZIG_X);
    new Float64Array(buffer, fixed.ZIG_RATIO_AT.value, ZIG_RATIO.length).set(ZIG_RATIO);
    new Float64Array(buffer, fixed.EXP2_TABLE_AT.value, EXP2_TABLE.length).set(EXP2_TABLE);
    new Float64Array(buffer, fixed.POW2_AT.value, POW2.length).set(POW2);
    this.environment = environment;
    this.slots = memory.size;
    this.maxActions = memory.maxActions;
  }

  /** A kernel for this environment, policy and memory layout, or null when they do not qualify. */
  static create(environment: Environment, policy: Policy, memory: MemoryTable): TabularEpisodeKernel | null {
    if (!(environment instanceof TabularEnvironment)) return null;
    if (environment.step !== TabularEnvironment.prototype.step || environment.reset !== TabularEnvironment.prototype.reset) return null;
    if (!(policy instanceof SoftThompson)) return null;
    const proto = SoftThompson.prototype;
    if (policy.act !== proto.act || policy.probabilities !== proto.probabilities || policy.entropy !== proto.entropy) return null;
    const model = environment.model;
    if (model.stateCount !== memory.stateCount) return null;
    for (let s = 0; s <= model.stateCount; s++) if (model.actionStart[s] !== memory.actionStart[s]) return null;
    const wasm = kernelModule();
    return wasm === null ? null : new TabularEpisodeKernel(wasm, environment, memory);
  }

  /**
   * The kernel's code of the objective's gradient estimator: the DRA objective with the
   * paper's 'A' or 'Q' estimator; -1 (TypeScript rollouts) for any other.
   */
  static gradientEstimator(objective: Objective): number {
    if (!(objective instanceof DraObjective) || objective.accumulateEpisode !== DraObjective.prototype.accumulateEpisode) return -1;
    const estimator = objective.estimator;
    if (!(estimator instanceof PaperEstimator) || estimator.accumulate !== PaperEstimator.prototype.accumulate) return -1;
    return estimator.id === 'A' || estimator.id === 'Q' ? ESTIMATOR_CODES[estimator.id] : -1;
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
   * estimates of the estimator `code` (see `gradientEstimator`), as
   * `objective.accumulateEpisode` leaves it from zero. Returns the steps.
   */
  gradientRollouts(memory: MemoryTable, rng: Rng, beta: number, nTraj: number, code: number, gradient: Float64Array): number {
    const views = this.enter(memory, rng);
    const steps = this.checked(this.exports.gradientRollouts(nTraj, beta, code, this.slots));
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
    statistics.episodes = t[0]!;
    statistics.steps = t[1]!;
    statistics.returnSum = t[2]!;
    statistics.returnSquares = t[3]!;
    statistics.entropySum = t[4]!;
    statistics.entropySquares = t[5]!;
    statistics.stepEntropySum = t[6]!;
    return steps;
  }

  /** Hands the memories and the generator to the kernel (laying out a new model first). */
  private enter(memory: MemoryTable, rng: Rng): Views {
    const model = this.environment.model;
    if (model !== this.model || this.views === undefined) this.views = this.lay(model);
    const views = this.views;
    views.mean.set(memory.mean);
    views.sigma.set(memory.sigma);
    views.known.set(memory.known);
    rng.writeWords(views.rngWords, 0);
    return views;
  }

  /** A step count, or the error TabularEnvironment.step gives when asked to act in a live state without actions. */
  private checked(steps: number): number {
    if (steps < 0) throw new BadInputError(`action -1 is outside the 0 actions of state ${-steps - 1}`);
    return steps;
  }

  /** Lays out the memory and the model in the kernel's memory after its fixed part. */
  private lay(model: TabularModel): Views {
    const slots = this.slots;
    const states = model.stateCount;
    const outcomes = model.transitionStart[slots]!;
    const fixed = this.exports;
    const layout = new Layout(fixed.FIXED_END.value);
    const at = {
      mean: layout.take(slots * 8),
      sigma: layout.take(slots * 8),
      known: layout.take(slots),
      gradient: layout.take(slots * 8),
      actionStart: layout.take((states + 1) * 4),
      transitionStart: layout.take((slots + 1) * 4),
      nextState: layout.take(outcomes * 4),
      probability: layout.take(outcomes * 8),
      reward: layout.take(outcomes * 8),
      start: layout.take(states * 8),
      terminal: layout.take(states),
      zeta: layout.take(this.maxActions * 8),
      prob: layout.take(this.maxActions * 8),
      totals: layout.take(7 * 8),
      visits: layout.take(states * 8),
    };
    const pages = Math.ceil(layout.end / WASM_PAGE) - this.memory.buffer.byteLength / WASM_PAGE;
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
    this.exports.configureEnvironment(states, this.environment.fixedStartState, this.environment.stepLimit);
    this.model = model;
    return {
      rngWords: new Int32Array(buffer, fixed.RNG_AT.value, 130),
      mean: new Float64Array(buffer, at.mean, slots),
      sigma: new Float64Array(buffer, at.sigma, slots),
      known: new Uint8Array(buffer, at.known, slots),
      gradient: new Float64Array(buffer, at.gradient, slots),
      totals: new Float64Array(buffer, at.totals, 7),
      visits: new Float64Array(buffer, at.visits, states),
    };
  }
}

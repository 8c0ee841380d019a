import { BadInputError, type Environment, gaussianKl, MemoryTable, type Rng } from '@dra/core';
import { optimalActionValues } from '../choice-importance.js';
import { markKnownFinalMoves } from '@dra/agent';
import { buildSearchTrees, type SearchTrees } from './search-tree.js';

/** How precision is allocated: one sigma per learned memory, or one sigma shared by all. */
export type AllocationScheme = 'flexible' | 'equal';

/** Settings of the gradient-free allocator (docs/tasks.md 2; `TREE_SEARCH_DEFAULTS`). */
export interface TreeSearchAllocatorSettings {
  /** Moves per trial. */
  depth: number;
  /** Single-step expansions the search may spend per trial (at least `depth`). */
  budget: number;
  lambda: number;
  /** Base sigma of the learned memories. */
  sigmaBase: number;
  /** Sigma (and base) of the last move's memories, known exactly: they cost nothing. */
  knownSigma: number;
}

/**
 * The trials every candidate allocation of one optimisation is scored on (common random
 * numbers): trial `t` starts in `start[t]` and draws its noise once, `zeta[t * memories + m]`
 * for memory m, so q~ = q + sigma * zeta for the whole trial.
 */
export interface PlanningTrials {
  count: number;
  memories: number;
  start: Int32Array;
  zeta: Float64Array;
}

/**
 * The gradient-free resource allocator of the paper's Fig. 3 (docs/tasks.md 2). Memories hold the
 * true cumulative values q(moves left, state, action) of the task (DP, `optimalActionValues`);
 * a trial draws noise once, q~ = q + sigma * zeta, then a depth-first tree search spends
 * `budget` single-step expansions: from the root it takes the arg-max noisy action at every
 * node among the edges whose branch is not finished (an edge can be walked as many times as
 * there are complete paths below it; ties go to the lower action), back to the root at the
 * end of each path. The trial earns the best true return among the complete paths. The
 * objective of an allocation is the mean return minus lambda * sum_m KL(N(q_m, sigma_m^2) ||
 * N(q_m, sigmaBase^2)) over the learned memories (the last move's memories are known).
 */
export class TreeSearchAllocator {
  readonly settings: Readonly<TreeSearchAllocatorSettings>;
  readonly trees: SearchTrees;
  /** True cumulative value of every memory (the known ones: their reward). */
  readonly q: Float64Array;
  /** Memories whose sigma is allocated, in memory order. */
  readonly learned: Int32Array;
  /** States a trial can start from (those with a tree), drawn uniformly. */
  readonly starts: Int32Array;
  readonly memories: number;
  private readonly sigma: Float64Array;
  private readonly visits: Int32Array;

  constructor(environment: Environment, settings: TreeSearchAllocatorSettings) {
    checkAllocatorSettings(settings);
    const model = environment.model;
    if (model === undefined) throw new BadInputError(`environment ${environment.id} exposes no tabular model: the tree search needs one`);
    this.settings = Object.freeze({ ...settings });
    this.trees = buildSearchTrees(model, settings.depth);
    const memory = new MemoryTable(environment.actionCounts, { sigma: settings.sigmaBase });
    markKnownFinalMoves(environment, memory, settings.knownSigma);
    this.memories = memory.size;
    this.q = optimalActionValues(model, 1);
    const learned: number[] = [];
    for (let m = 0; m < memory.size; m++) if (memory.known[m] === 0) learned.push(m);
    this.learned = Int32Array.from(learned);
    this.sigma = memory.sigma;
    const starts: number[] = [];
    for (let s = 0; s < this.trees.root.length; s++) if (this.trees.root[s]! >= 0) starts.push(s);
    this.starts = Int32Array.from(starts);
    this.visits = new Int32Array(this.trees.maxEdges);
    if (Math.floor(settings.budget / settings.depth) < 1) throw new BadInputError(`budget must be at least depth (${settings.depth}) so a path can be completed, got ${settings.budget}`);
  }

  /** Number of parameters of an allocation: one per learned memory, or one. */
  parameterCount(allocation: AllocationScheme): number {
    return allocation === 'flexible' ? this.learned.length : 1;
  }

  /** Draws `count` trials: uniform start states and one standard normal per memory each. */
  drawTrials(count: number, rng: Rng): PlanningTrials {
    if (!Number.isSafeInteger(count) || count < 1) throw new BadInputError(`trials must be a whole number >= 1, got ${count}`);
    const start = new Int32Array(count);
    const zeta = new Float64Array(count * this.memories);
    for (let t = 0; t < count; t++) {
      start[t] = this.starts[rng.integer(this.starts.length)]!;
      rng.fillNormal(zeta, t * this.memories, this.memories);
    }
    return { count, memories: this.memories, start, zeta };
  }

  /** Sigma of every memory for the allocation's parameters (copied into `out`, or a fresh array). */
  sigmaOf(parameters: ArrayLike<number>, allocation: AllocationScheme, out = new Float64Array(this.memories)): Float64Array {
    out.set(this.sigma);
    const n = this.parameterCount(allocation);
    if (parameters.length !== n) throw new BadInputError(`a ${allocation} allocation has ${n} parameters, got ${parameters.length}`);
    for (let i = 0; i < this.learned.length; i++) out[this.learned[i]!] = parameters[allocation === 'flexible' ? i : 0]!;
    return out;
  }

  /** lambda * sum over learned memories of KL(N(q, sigma^2) || N(q, sigmaBase^2)) (docs/math.md 1). */
  memoryCost(sigma: Float64Array): number {
    let total = 0;
    for (let i = 0; i < this.learned.length; i++) total += gaussianKl(sigma[this.learned[i]!]!, this.settings.sigmaBase);
    return this.settings.lambda * total;
  }

  /** The best true return among the complete paths of trial `t` (see the class comment). */
  trialReturn(sigma: Float64Array, trials: PlanningTrials, t: number): number {
    const tr = this.trees;
    const start = trials.start[t]!;
    const e0 = tr.treeEdgeStart[start]!;
    const e1 = tr.treeEdgeEnd[start]!;
    const visits = this.visits;
    for (let e = e0; e < e1; e++) visits[e - e0] = tr.edgeLeaves[e]!;
    const q = this.q;
    const zeta = trials.zeta;
    const offset = t * trials.memories;
    const root = tr.root[start]!;
    const paths = Math.min(Math.floor(this.settings.budget / tr.depth), tr.paths[start]!);
    let best = -Infinity;
    for (let p = 0; p < paths; p++) {
      let node = root;
      let value = 0;
      while (node >= 0) {
        let chosen = -1;
        let top = -Infinity;
        for (let e = tr.edgeStart[node]!; e < tr.edgeStart[node + 1]!; e++) {
          if (visits[e - e0] === 0) continue;
          const m = tr.edgeMemory[e]!;
          const noisy = q[m]! + sigma[m]! * zeta[offset + m]!;
          if (chosen < 0 || noisy > top) {
            chosen = e;
            top = noisy;
          }
        }
        visits[chosen - e0]!--;
        value += tr.edgeReward[chosen]!;
        node = tr.edgeChild[chosen]!;
      }
      if (value > best) best = value;
    }
    return best;
  }

  /** Mean over the trials of the best complete path's true return. */
  meanReturn(sigma: Float64Array, trials: PlanningTrials): number {
    let total = 0;
    for (let t = 0; t < trials.count; t++) total += this.trialReturn(sigma, trials, t);
    return total / trials.count;
  }

  /** Mean return minus memory cost of the allocation's parameters on `trials`. */
  objective(parameters: ArrayLike<number>, allocation: AllocationScheme, trials: PlanningTrials, scratch = new Float64Array(this.memories)): number {
    const sigma = this.sigmaOf(parameters, allocation, scratch);
    return this.meanReturn(sigma, trials) - this.memoryCost(sigma);
  }
}

function checkAllocatorSettings(s: TreeSearchAllocatorSettings): void {
  if (!Number.isSafeInteger(s.depth) || s.depth < 1) throw new BadInputError(`depth must be a whole number >= 1, got ${s.depth}`);
  if (!Number.isSafeInteger(s.budget) || s.budget < 1) throw new BadInputError(`budget must be a whole number >= 1, got ${s.budget}`);
  if (!(s.lambda >= 0 && Number.isFinite(s.lambda))) throw new BadInputError(`lambda must be a finite number >= 0, got ${s.lambda}`);
  for (const name of ['sigmaBase', 'knownSigma'] as const) {
    if (!(s[name] > 0 && Number.isFinite(s[name]))) throw new BadInputError(`${name} must be a finite number > 0, got ${s[name]}`);
  }
}

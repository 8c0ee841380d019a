import { BadInputError } from './errors.js';
/** Plain-array form of a memory table, one row per tabular state (the `memory.json` layout). */
export interface MemoryRows {
  mean: number[][];
  sigma: number[][];
  /** Memories known exactly (true): never learned and outside the memory cost. Omitted when none are. */
  known?: boolean[][];
}

/**
 * The agent's memories: for every state s and each of its K_s actions a, a mean q(s,a)
 * and a noise scale sigma(s,a) > 0. Compressed rows: the memories of s occupy indices
 * `actionStart[s] .. actionStart[s + 1] - 1`, so states may have different numbers of
 * actions; index(s, k) = actionStart[s] + k.
 */
export class MemoryTable {
  readonly stateCount: number;
  /** Total number of memories. */
  readonly size: number;
  /** Length stateCount + 1; actionStart[stateCount] = size. */
  readonly actionStart: Int32Array;
  /** The most actions any state has. */
  readonly maxActions: number;
  readonly mean: Float64Array;
  readonly sigma: Float64Array;
  /**
   * 1 for a memory known exactly (e.g. the last move of the planning task, docs/tasks.md 2):
   * its mean and sigma are never updated and it pays no memory cost. All 0 by default.
   */
  readonly known: Uint8Array;

  constructor(actionCounts: ArrayLike<number>, init: { mean?: number; sigma?: number } = {}) {
    const stateCount = actionCounts.length;
    if (stateCount === 0) throw new BadInputError('a memory table needs at least one state');
    const actionStart = new Int32Array(stateCount + 1);
    let maxActions = 0;
    for (let s = 0; s < stateCount; s++) {
      const k = actionCounts[s]!;
      if (!Number.isInteger(k) || k < 0) throw new BadInputError(`action count of state ${s} must be a whole number >= 0, got ${k}`);
      actionStart[s + 1] = actionStart[s]! + k;
      if (k > maxActions) maxActions = k;
    }
    this.stateCount = stateCount;
    this.actionStart = actionStart;
    this.size = actionStart[stateCount]!;
    this.maxActions = maxActions;
    this.mean = new Float64Array(this.size).fill(init.mean ?? 0);
    this.sigma = new Float64Array(this.size).fill(init.sigma ?? 1);
    this.known = new Uint8Array(this.size);
  }

  /** A table with the same number of actions in every state. */
  static uniform(stateCount: number, actions: number, init: { mean?: number; sigma?: number } = {}): MemoryTable {
    return new MemoryTable(new Int32Array(stateCount).fill(actions), init);
  }

  /** Builds a table from rows (e.g. a parsed `memory.json`), checking shape and values. */
  static fromRows(rows: MemoryRows): MemoryTable {
    if (!rows || !Array.isArray(rows.mean) || !Array.isArray(rows.sigma)) {
      throw new BadInputError('memory must have "mean" and "sigma" arrays of rows');
    }
    if (rows.mean.length !== rows.sigma.length) {
      throw new BadInputError(`memory "mean" has ${rows.mean.length} rows but "sigma" has ${rows.sigma.length}`);
    }
    const counts = rows.mean.map((row, s) => {
      const sig = rows.sigma[s];
      if (!Array.isArray(row) || !Array.isArray(sig)) throw new BadInputError(`memory row ${s} is not an array`);
      if (row.length !== sig.length) {
        throw new BadInputError(`memory row ${s}: "mean" has ${row.length} entries but "sigma" has ${sig.length}`);
      }
      return row.length;
    });
    if (rows.known !== undefined && (!Array.isArray(rows.known) || rows.known.length !== counts.length)) {
      throw new BadInputError(`memory "known" must be an array of ${counts.length} rows`);
    }
    const table = new MemoryTable(counts);
    for (let s = 0; s < counts.length; s++) {
      const start = table.actionStart[s]!;
      for (let k = 0; k < counts[s]!; k++) {
        const m = rows.mean[s]![k];
        const sd = rows.sigma[s]![k];
        if (typeof m !== 'number' || !Number.isFinite(m)) throw new BadInputError(`memory mean[${s}][${k}] must be a finite number, got ${String(m)}`);
        if (typeof sd !== 'number' || !Number.isFinite(sd) || sd <= 0) {
          throw new BadInputError(`memory sigma[${s}][${k}] must be a finite number > 0, got ${String(sd)}`);
        }
        table.mean[start + k] = m;
        table.sigma[start + k] = sd;
      }
      if (rows.known !== undefined) {
        const flags = rows.known[s];
        if (!Array.isArray(flags) || flags.length !== counts[s]) {
          throw new BadInputError(`memory known[${s}] must be an array of ${counts[s]} true/false flags`);
        }
        for (let k = 0; k < counts[s]!; k++) {
          if (typeof flags[k] !== 'boolean') throw new BadInputError(`memory known[${s}][${k}] must be true or false, got ${String(flags[k])}`);
          table.known[start + k] = flags[k] ? 1 : 0;
        }
      }
    }
    return table;
  }

  /** Number of actions (memories) of `state`. */
  actionCount(state: number): number {
    return this.actionStart[state + 1]! - this.actionStart[state]!;
  }

  /** Flat index of the memory of (`state`, `action`) in `mean` and `sigma`. */
  index(state: number, action: number): number {
    return this.actionStart[state]! + action;
  }

  /** Number of actions per state, as a new array. */
  actionCounts(): Int32Array {
    const out = new Int32Array(this.stateCount);
    for (let s = 0; s < this.stateCount; s++) out[s] = this.actionCount(s);
    return out;
  }

  /** A deep copy: same layout, means, sigmas and known flags. */
  clone(): MemoryTable {
    const copy = new MemoryTable(this.actionCounts());
    copy.mean.set(this.mean);
    copy.sigma.set(this.sigma);
    copy.known.set(this.known);
    return copy;
  }

  /** Number of memories known exactly. */
  knownCount(): number {
    let n = 0;
    for (let i = 0; i < this.size; i++) n += this.known[i]!;
    return n;
  }

  /** One row per state: `{ mean, sigma }`, plus `known` when some memory is known exactly. */
  toRows(): MemoryRows {
    const mean: number[][] = [];
    const sigma: number[][] = [];
    const known: boolean[][] = [];
    for (let s = 0; s < this.stateCount; s++) {
      const a = this.actionStart[s]!;
      const b = this.actionStart[s + 1]!;
      mean.push(Array.from(this.mean.subarray(a, b)));
      sigma.push(Array.from(this.sigma.subarray(a, b)));
      known.push(Array.from(this.known.subarray(a, b), (flag) => flag === 1));
    }
    return this.knownCount() > 0 ? { mean, sigma, known } : { mean, sigma };
  }
}

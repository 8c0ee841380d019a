import seedrandom from 'seedrandom';
import { ZIG_R, ZIG_RATIO, ZIG_X } from './ziggurat-tables.js';

/** A seed: a safe integer or a non-empty string. */
export type Seed = number | string;

/** Serialisable generator state (for checkpoints): the seed key and seedrandom's xor4096 state. */
export interface RngState {
  readonly key: string;
  readonly generator: { i: number; w: number; X: number[] };
}

const TWO_POW_32 = 4294967296;
const TWO_POW_M52 = 2 ** -52;
const TWO_POW_M53 = 2 ** -53;

type Xor4096 = seedrandom.PRNG & { state(): RngState['generator'] };

/** Checks a user-supplied seed and returns its canonical key. */
export function seedKey(seed: Seed): string {
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer or a string, got ${seed}`);
    return `dra:${seed}`;
  }
  if (typeof seed !== 'string' || seed.length === 0) {
    throw new RangeError(`seed must be a safe integer or a non-empty string, got ${JSON.stringify(seed)}`);
  }
  return `dra:${seed}`;
}

/**
 * The only source of randomness in the toolkit. 32-bit words come from seedrandom's
 * xor4096 (Brent's xorgens, period 2^4096 - 1) seeded by a string key; on top of them:
 * 53-bit uniforms and standard normals by the ziggurat (7 bits choose the layer, 53
 * independent bits give the abscissa, as in the C anchor).
 *
 * Independent streams: `rng.stream('gradient')` is a new generator keyed by
 * `<key>/gradient`, so the phases of a run never share draws.
 */
export class Rng {
  readonly key: string;
  private readonly prng: Xor4096;
  private readonly word: () => number;

  private constructor(key: string, state?: RngState['generator']) {
    this.key = key;
    this.prng = seedrandom.xor4096(state ? '' : key, { state: state ?? true }) as Xor4096;
    this.word = this.prng.int32;
  }

  /** A generator for a seed; the same seed gives the same stream on every platform. */
  static create(seed: Seed): Rng {
    return new Rng(seedKey(seed));
  }

  /** Restores a generator saved with `state()`. */
  static fromState(state: RngState): Rng {
    if (!state || typeof state.key !== 'string' || !state.generator || !Array.isArray(state.generator.X)) {
      throw new TypeError('RNG state must be an object saved by Rng.state()');
    }
    return new Rng(state.key, { i: state.generator.i, w: state.generator.w, X: state.generator.X.slice() });
  }

  /** An independent stream derived from this generator's key and a name. */
  stream(name: string): Rng {
    if (typeof name !== 'string' || name.length === 0) throw new RangeError('stream name must be a non-empty string');
    return new Rng(`${this.key}/${name}`);
  }

  /** Current state, JSON-serialisable. */
  state(): RngState {
    const g = this.prng.state();
    return { key: this.key, generator: { i: g.i, w: g.w, X: Array.from(g.X) } };
  }

  /** A signed 32-bit random word. */
  int32(): number {
    return this.word();
  }

  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.word() >>> 11;
    const lo = this.word() >>> 0;
    return (hi * TWO_POW_32 + lo) * TWO_POW_M53;
  }

  /** Uniform integer in [0, n), for 1 <= n <= 2^32. */
  integer(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal deviate (ziggurat, 128 layers). */
  normal(): number {
    for (;;) {
      const a = this.word();
      const lo = this.word() >>> 0;
      const i = a & 127; // bits 0-6: the layer
      const u = ((a >>> 11) * TWO_POW_32 + lo) * TWO_POW_M52 - 1; // bits 11-31 and 32 more: u in [-1, 1)
      if (Math.abs(u) < ZIG_RATIO[i]!) return u * ZIG_X[i]!; // inside the box
      if (i === 0) return this.normalTail(u < 0);
      const x = u * ZIG_X[i]!; // in the wedge
      const xi = ZIG_X[i]!;
      const xi1 = ZIG_X[i + 1]!;
      const f0 = Math.exp(-0.5 * (xi * xi - x * x));
      const f1 = Math.exp(-0.5 * (xi1 * xi1 - x * x));
      if (f1 + this.uniform() * (f0 - f1) < 1) return x;
    }
  }

  /** Fills `out[offset .. offset + count)` with standard normals. */
  fillNormal(out: Float64Array, offset: number, count: number): void {
    for (let k = 0; k < count; k++) out[offset + k] = this.normal();
  }

  /** Tail beyond R (Marsaglia 1964). */
  private normalTail(negative: boolean): number {
    let x: number;
    let y: number;
    do {
      x = Math.log(this.uniformPositive()) / ZIG_R;
      y = Math.log(this.uniformPositive());
    } while (-2 * y < x * x);
    return negative ? x - ZIG_R : ZIG_R - x;
  }

  /** Uniform on (0, 1), never 0. */
  private uniformPositive(): number {
    const hi = this.word() >>> 11;
    const lo = this.word() >>> 0;
    return (hi * TWO_POW_32 + lo + 0.5) * TWO_POW_M53;
  }
}

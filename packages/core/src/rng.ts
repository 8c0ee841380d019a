import seedrandom from 'seedrandom';
import { exp } from './exp.js';
import { log } from './log.js';
import { ZIG_R, ZIG_RATIO, ZIG_X } from './ziggurat-tables.js';
import { BadInputError } from './errors.js';

/** A seed: a safe integer or a non-empty string. */
export type Seed = number | string;

/** Serialisable generator state (for checkpoints): the seed key and seedrandom's xor4096 state. */
export interface RngState {
  readonly key: string;
  readonly generator: { i: number; w: number; X: number[] };
}

const TWO_POW_32 = 4294967296;
const TWO_POW_M24 = 2 ** -24;
const TWO_POW_M53 = 2 ** -53;

/**
 * The generator's constants by name, for the test that the WebAssembly kernel's copies agree
 * (exported by `@dra/core/internal` only).
 */
export const RNG_CONSTANTS = { TWO_POW_32, TWO_POW_M24, TWO_POW_M53 } as const;

type Xor4096 = seedrandom.PRNG & { state(): RngState['generator'] };

/** Checks a user-supplied seed and returns its canonical key. */
export function seedKey(seed: Seed): string {
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed)) throw new BadInputError(`seed must be a safe integer or a string, got ${seed}`);
    return `dra:${seed}`;
  }
  if (typeof seed !== 'string' || seed.length === 0) {
    throw new BadInputError(`seed must be a safe integer or a non-empty string, got ${JSON.stringify(seed)}`);
  }
  return `dra:${seed}`;
}

/**
 * The only source of randomness in the toolkit. 32-bit words come from seedrandom's
 * xor4096 (Brent's xorgens, period 2^4096 - 1) seeded by a string key; on top of them:
 * 53-bit uniforms and standard normals by the ziggurat (see `fillNormal`).
 *
 * Independent streams: `rng.stream('gradient')` is a new generator keyed by
 * `<key>/gradient`, so the phases of a run never share draws.
 */
export class Rng {
  readonly key: string;
  /** xor4096 state: the 128-word circular array X ... */
  private readonly x: Int32Array;
  /** ... and [i, w]: the array position and the Weyl counter. */
  private readonly iw: Int32Array;
  private readonly one = new Float64Array(1);

  private constructor(key: string, state?: RngState['generator']) {
    this.key = key;
    // seedrandom does the seeding (its string-key mixing); the stepping below is the same
    // xor4096 recurrence over typed arrays, word for word (checked in rng.test.ts).
    const g = state ?? (seedrandom.xor4096(key, { state: true }) as Xor4096).state();
    if (g.X.length !== 128) throw new BadInputError('RNG state must hold 128 words');
    this.x = Int32Array.from(g.X);
    this.iw = Int32Array.of(g.i, g.w);
  }

  /**
   * One xor4096 step (R. P. Brent's xorgens with a Weyl generator), as in seedrandom.
   * Mirrored in WebAssembly: packages/agent/assembly/wasm-kernel.ts `xorgens` and `word`
   * (docs/kernel-mirror.md); so are the copies written out in fillUniform and fillNormal.
   */
  private word(): number {
    const x = this.x;
    const iw = this.iw;
    const w = (iw[1]! + 0x61c88647) | 0;
    iw[1] = w;
    let v = x[(iw[0]! + 34) & 127]!;
    const i = (iw[0]! + 1) & 127;
    let t = x[i]!;
    v ^= v << 13;
    t ^= t << 17;
    v ^= v >>> 15;
    t ^= t >>> 12;
    v = v ^ t;
    x[i] = v;
    iw[0] = i;
    return (v + (w ^ (w >>> 16))) | 0;
  }

  /** A generator for a seed; the same seed gives the same stream on every platform. */
  static create(seed: Seed): Rng {
    return new Rng(seedKey(seed));
  }

  /** Restores a generator saved with `state()`. */
  static fromState(state: RngState): Rng {
    const g = state?.generator;
    const valid =
      typeof state?.key === 'string' &&
      g !== null && typeof g === 'object' &&
      Number.isInteger(g.i) && g.i >= 0 && g.i < 128 &&
      Number.isInteger(g.w) &&
      Array.isArray(g.X) && g.X.length === 128 &&
      g.X.every((v) => Number.isInteger(v) && v >= -2147483648 && v <= 2147483647);
    if (!valid) throw new BadInputError('RNG state must be an object saved by Rng.state()');
    return new Rng(state.key, g);
  }

  /** An independent stream derived from this generator's key and a name. */
  stream(name: string): Rng {
    if (typeof name !== 'string' || name.length === 0) throw new BadInputError('stream name must be a non-empty string');
    return new Rng(`${this.key}/${name}`);
  }

  /** Current state, JSON-serialisable. */
  state(): RngState {
    return { key: this.key, generator: { i: this.iw[0]!, w: this.iw[1]!, X: Array.from(this.x) } };
  }

  /**
   * Copies the generator's position into `out[offset .. offset + 130)`: the 128 xor4096
   * words, then i and w. With `readWords` it hands the stream to a kernel that steps the
   * same recurrence elsewhere (the WebAssembly rollouts of @dra/agent) and takes it back.
   */
  writeWords(out: Int32Array, offset: number): void {
    out.set(this.x, offset);
    out[offset + 128] = this.iw[0]!;
    out[offset + 129] = this.iw[1]!;
  }

  /** Sets the generator's position from `words[offset .. offset + 130)` in the layout of `writeWords`. */
  readWords(words: Int32Array, offset: number): void {
    const i = words[offset + 128]!;
    if (!(i >= 0 && i < 128)) throw new BadInputError(`RNG words: position must be in 0..127, got ${i}`);
    const x = this.x;
    for (let k = 0; k < 128; k++) x[k] = words[offset + k]!; // no subarray view to allocate
    this.iw[0] = i;
    this.iw[1] = words[offset + 129]!;
  }

  /** A signed 32-bit random word. */
  int32(): number {
    return this.word();
  }

  /** Uniform on [0, 1) with 53 random bits. Mirrored in WebAssembly: assembly/wasm-kernel.ts `uniform`. */
  uniform(): number {
    const hi = this.word() >>> 11;
    const lo = this.word() >>> 0;
    return (hi * TWO_POW_32 + lo) * TWO_POW_M53;
  }

  /**
   * Fills `out[offset .. offset + count)` with 53-bit uniforms on [0, 1), the same values
   * `uniform()` would give. Writing into the caller's array keeps hot loops free of
   * boxed numbers.
   */
  fillUniform(out: Float64Array, offset: number, count: number): void {
    const x = this.x;
    const iw = this.iw;
    let i = iw[0]!;
    let w = iw[1]!;
    for (let k = 0; k < 2 * count; k++) {
      // The `word()` recurrence with the state in locals (written out here and in
      // fillNormal: a shared helper measured 11% slower on the maze workload).
      // Even k: high bits, odd k: low bits.
      w = (w + 0x61c88647) | 0;
      let v = x[(i + 34) & 127]!;
      i = (i + 1) & 127;
      let t = x[i]!;
      v ^= v << 13;
      t ^= t << 17;
      v ^= v >>> 15;
      t ^= t >>> 12;
      v ^= t;
      x[i] = v;
      const word = (v + (w ^ (w >>> 16))) | 0;
      const at = offset + (k >> 1);
      if ((k & 1) === 0) out[at] = (word >>> 11) * TWO_POW_32;
      else out[at] = (out[at]! + (word >>> 0)) * TWO_POW_M53;
    }
    iw[0] = i;
    iw[1] = w;
  }

  /** Uniform integer in [0, n), for 1 <= n <= 2^32. */
  integer(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal deviate (ziggurat, 128 layers). In loops prefer `fillNormal`. */
  normal(): number {
    this.fillNormal(this.one, 0, 1);
    return this.one[0]!;
  }

  /**
   * Fills `out[offset .. offset + count)` with standard normals (ziggurat, 128 layers,
   * one 32-bit word per deviate on the fast path: bits 0-6 choose the layer and the 25
   * disjoint bits 7-31 give the signed abscissa, so layer and value are independent;
   * values lie on a grid of 2^-24 * x_layer, finer than 2.2e-7). Writing into the
   * caller's array keeps the hot loop free of boxed numbers.
   * Mirrored in WebAssembly: packages/agent/assembly/wasm-kernel.ts `fillNormals` (docs/kernel-mirror.md).
   */
  fillNormal(out: Float64Array, offset: number, count: number): void {
    const x = this.x;
    const iw = this.iw;
    // The generator's position and Weyl counter live in locals for the whole fill; the
    // word per deviate is the `word()` recurrence written out (hot loop).
    let i = iw[0]!;
    let w = iw[1]!;
    for (let k = 0; k < count; k++) {
      for (;;) {
        w = (w + 0x61c88647) | 0;
        let v = x[(i + 34) & 127]!;
        i = (i + 1) & 127;
        let t = x[i]!;
        v ^= v << 13;
        t ^= t << 17;
        v ^= v >>> 15;
        t ^= t >>> 12;
        v ^= t;
        x[i] = v;
        const a = (v + (w ^ (w >>> 16))) | 0;
        const layer = a & 127; // bits 0-6: the layer
        const abscissa = a >> 7; // bits 7-31, signed 25-bit integer (a small integer, never boxed)
        const u = abscissa * TWO_POW_M24; // u in [-1, 1) on a grid of 2^-24
        if (Math.abs(u) < ZIG_RATIO[layer]!) {
          out[offset + k] = u * ZIG_X[layer]!; // inside the box
          break;
        }
        // Rare paths draw more words through word(): hand the state back first.
        iw[0] = i;
        iw[1] = w;
        const accepted = this.normalOutsideBox(abscissa, layer, out, offset + k);
        i = iw[0]!;
        w = iw[1]!;
        if (accepted) break;
      }
    }
    iw[0] = i;
    iw[1] = w;
  }

  /**
   * The tail (layer 0) or the wedge test of a layer: writes out[at] and returns true when accepted.
   * Mirrored in WebAssembly, with the retry loop of fillNormal: assembly/wasm-kernel.ts `normalOutsideBox`.
   */
  private normalOutsideBox(abscissa: number, layer: number, out: Float64Array, at: number): boolean {
    const u = abscissa * TWO_POW_M24;
    if (layer === 0) {
      this.normalTail(u < 0, out, at);
      return true;
    }
    const x = u * ZIG_X[layer]!;
    const xi = ZIG_X[layer]!;
    const xi1 = ZIG_X[layer + 1]!;
    const f0 = exp(-0.5 * (xi * xi - x * x));
    const f1 = exp(-0.5 * (xi1 * xi1 - x * x));
    if (f1 + this.uniform() * (f0 - f1) >= 1) return false;
    out[at] = x;
    return true;
  }

  /** Tail beyond R (Marsaglia 1964), written to out[at]. Mirrored in WebAssembly: assembly/wasm-kernel.ts `normalTail`. */
  private normalTail(negative: boolean, out: Float64Array, at: number): void {
    let x: number;
    let y: number;
    do {
      x = log(this.uniformPositive()) / ZIG_R;
      y = log(this.uniformPositive());
    } while (-2 * y < x * x);
    out[at] = negative ? x - ZIG_R : ZIG_R - x;
  }

  /** Uniform on (0, 1), never 0. Mirrored in WebAssembly: assembly/wasm-kernel.ts `uniformPositive`. */
  private uniformPositive(): number {
    const hi = this.word() >>> 11;
    const lo = this.word() >>> 0;
    return (hi * TWO_POW_32 + lo + 0.5) * TWO_POW_M53;
  }
}

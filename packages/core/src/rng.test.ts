import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

describe('Rng', () => {
  it('steps the same xor4096 word stream as seedrandom (oracle: seedrandom.xor4096)', () => {
    const ours = Rng.create(42);
    const reference = seedrandom.xor4096('dra:42');
    for (let i = 0; i < 10_000; i++) expect(ours.int32()).toBe(reference.int32());
  });

  it('gives the same bytes for the same seed, different streams for different names', () => {
    const a = new Float64Array(64);
    const b = new Float64Array(64);
    Rng.create(7).stream('x').fillNormal(a, 0, 64);
    Rng.create(7).stream('x').fillNormal(b, 0, 64);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    const c = new Float64Array(64);
    Rng.create(7).stream('y').fillNormal(c, 0, 64);
    expect(Buffer.from(a.buffer).equals(Buffer.from(c.buffer))).toBe(false);
  });

  it('resumes exactly from a saved state', () => {
    const rng = Rng.create('resume');
    for (let i = 0; i < 1000; i++) rng.normal();
    const copy = Rng.fromState(JSON.parse(JSON.stringify(rng.state())));
    for (let i = 0; i < 1000; i++) expect(copy.normal()).toBe(rng.normal());
  });

  it('hands its position to a word array and takes it back (writeWords, readWords)', () => {
    const rng = Rng.create('words');
    for (let i = 0; i < 300; i++) rng.normal();
    const words = new Int32Array(140);
    rng.writeWords(words, 5);
    const saved = rng.state();
    const reference = Rng.fromState(saved);
    // Another generator takes over the position from the words and continues the stream.
    const other = Rng.create('elsewhere');
    other.readWords(words, 5);
    for (let i = 0; i < 500; i++) expect(other.int32()).toBe(reference.int32());
    // Taking the words back puts the first generator where it was, whatever it drew since.
    for (let i = 0; i < 50; i++) rng.int32();
    rng.readWords(words, 5);
    expect(rng.state()).toEqual(saved);
    words[5 + 128] = 128;
    expect(() => rng.readWords(words, 5)).toThrow('RNG words: position must be in 0..127, got 128');
  });

  it('rejects bad seeds and states', () => {
    expect(() => Rng.create(1.5)).toThrow(/seed/);
    expect(() => Rng.create('')).toThrow(/seed/);
    expect(() => Rng.create(Number.NaN)).toThrow(/seed/);
    expect(() => Rng.fromState({ key: 'k', generator: { i: 0, w: 0, X: [1, 2] } })).toThrow(/RNG state/);
  });

  it('draws standard normals: moments and tails within 5 standard errors (oracle: N(0,1) closed form)', () => {
    const n = 1_000_000;
    const z = new Float64Array(n);
    Rng.create(3).fillNormal(z, 0, n);
    let m1 = 0;
    let m2 = 0;
    let m4 = 0;
    let beyond2 = 0;
    let beyond3 = 0;
    for (const v of z) {
      m1 += v;
      m2 += v * v;
      m4 += v ** 4;
      if (Math.abs(v) > 2) beyond2++;
      if (Math.abs(v) > 3) beyond3++;
    }
    expect(Math.abs(m1 / n) / Math.sqrt(1 / n)).toBeLessThan(5); // E z = 0, var 1
    expect(Math.abs(m2 / n - 1) / Math.sqrt(2 / n)).toBeLessThan(5); // E z^2 = 1, var 2
    expect(Math.abs(m4 / n - 3) / Math.sqrt(96 / n)).toBeLessThan(5); // E z^4 = 3, var 96
    const p2 = 0.0455002638963584; // P(|z| > 2) = erfc(2 / sqrt 2)
    const p3 = 0.00269979606326019; // P(|z| > 3)
    expect(Math.abs(beyond2 / n - p2) / Math.sqrt((p2 * (1 - p2)) / n)).toBeLessThan(5);
    expect(Math.abs(beyond3 / n - p3) / Math.sqrt((p3 * (1 - p3)) / n)).toBeLessThan(5);
  });

  it('draws uniforms in [0, 1) with mean 1/2', () => {
    const rng = Rng.create(5);
    let sum = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
    }
    expect(Math.abs(sum / n - 0.5) / Math.sqrt(1 / 12 / n)).toBeLessThan(5);
  });
});

describe('Rng.fillUniform', () => {
  it('gives the values uniform() gives (same stream)', () => {
    const a = Rng.create(8);
    const b = Rng.create(8);
    const out = new Float64Array(3);
    for (let i = 0; i < 1000; i++) {
      a.fillUniform(out, 0, 3);
      for (let k = 0; k < 3; k++) expect(out[k]).toBe(b.uniform());
    }
  });
});

describe('ziggurat tables', () => {
  it('hold the layer recurrence x_i = sqrt(-2 log(V / x_(i-1) + f(x_(i-1)))) to 1e-13 relative (oracle: the recurrence in double arithmetic)', async () => {
    const { ZIG_LAYERS, ZIG_R, ZIG_RATIO, ZIG_V, ZIG_X } = await import('./ziggurat-tables.js');
    expect(ZIG_X).toHaveLength(ZIG_LAYERS + 1);
    expect(ZIG_X[1]).toBe(ZIG_R);
    expect(ZIG_X[ZIG_LAYERS]).toBe(0);
    const f = (x: number) => Math.exp(-0.5 * x * x);
    expect(Math.abs(ZIG_X[0]! * f(ZIG_R) / ZIG_V - 1)).toBeLessThan(1e-13);
    for (let i = 2; i < ZIG_LAYERS; i++) {
      const expected = Math.sqrt(-2 * Math.log(ZIG_V / ZIG_X[i - 1]! + f(ZIG_X[i - 1]!)));
      expect(Math.abs(ZIG_X[i]! / expected - 1), `layer ${i}`).toBeLessThan(1e-13);
      expect(ZIG_RATIO[i - 1]).toBe(ZIG_X[i]! / ZIG_X[i - 1]!);
    }
  });
});

/** Scratch views of one double, for reading and writing its two 32-bit halves. */
const DOUBLE = new Float64Array(1);
const WORDS = new Uint32Array(DOUBLE.buffer);
/** Index of the high (sign, exponent, top of mantissa) word: 1 on little-endian machines. */
const HIGH = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 1 : 0;
const LOW = 1 - HIGH;

/**
 * The high 32 bits of x, as a signed integer (sign, 11 exponent bits, 20 mantissa bits).
 * Mirrored in WebAssembly: packages/agent/assembly/wasm-kernel.ts `log`, inlined (docs/kernel-mirror.md).
 */
export function highWord(x: number): number {
  DOUBLE[0] = x;
  return WORDS[HIGH]! | 0;
}

/** The low 32 bits of x's mantissa. */
export function lowWord(x: number): number {
  DOUBLE[0] = x;
  return WORDS[LOW]!;
}

/**
 * x with its high word replaced by `high`.
 * Mirrored in WebAssembly: packages/agent/assembly/wasm-kernel.ts `log`, inlined (docs/kernel-mirror.md).
 */
export function withHighWord(x: number, high: number): number {
  DOUBLE[0] = x;
  WORDS[HIGH] = high >>> 0;
  return DOUBLE[0]!;
}

/** The double with high word `high` and low word `low`. */
export function fromWords(high: number, low: number): number {
  WORDS[HIGH] = high >>> 0;
  WORDS[LOW] = low >>> 0;
  return DOUBLE[0]!;
}

import { highWord, lowWord, withHighWord } from './float-bits.js';

const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const TWO54 = 1.80143985094819840000e16;
const LG1 = 6.666666666666735130e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

/**
 * log's constants by name, for the test that the WebAssembly kernel's copies agree
 * (exported by `@dra/core/internal` only).
 */
export const LOG_CONSTANTS = { LN2_HI, LN2_LO, TWO54, LG1, LG2, LG3, LG4, LG5, LG6, LG7 } as const;

/**
 * Natural logarithm, under 1 ulp, from IEEE-754 arithmetic alone (the method of fdlibm's
 * e_log.c, Sun Microsystems 1993): x = 2^k (1 + f) with sqrt(2)/2 < 1 + f < sqrt(2),
 * s = f / (2 + f), log(1 + f) = 2s + s R(s^2) with a degree-14 minimax R, log x = k ln2 + log(1 + f).
 * Unlike Math.log, whose last bit differs between JavaScript engines (Node 20 and current
 * Chromium disagree on about 1 input in 15), it gives the same bits everywhere, so seeded runs
 * repeat bit for bit across engines. log(0) = -Infinity, log(x < 0) = NaN, log(Infinity) = Infinity.
 *
 * Mirrored in WebAssembly: packages/agent/assembly/wasm-kernel.ts `log` (docs/kernel-mirror.md);
 * change both or neither.
 */
export function log(x: number): number {
  let hx = highWord(x);
  const lx = lowWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022: zero, negative, NaN with the sign bit, or subnormal
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54; // scale a subnormal up
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x; // Infinity or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i ^ 0x3ff00000)); // normalise x or x / 2 into [sqrt(2)/2, sqrt(2))
  k += i >> 20;
  const f = x - 1;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    // -2^-20 <= f < 2^-20
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const r = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - r : dk * LN2_HI - (r - dk * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + r)) : dk * LN2_HI - (hfsq - (s * (hfsq + r) + dk * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - r) : dk * LN2_HI - (s * (f - r) - dk * LN2_LO - f);
}

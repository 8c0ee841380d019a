import { fromWords, highWord } from './float-bits.js';

const C1 = 4.16666666666666019037e-2;
const C2 = -1.38888888888741095749e-3;
const C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7;
const C5 = 2.08757232129817482790e-9;
const C6 = -1.13596475577881948265e-11;
const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;
const INV_PIO2 = 6.36619772367581382433e-1;
// pi/2 in three parts of 33 bits each (the first two products with n < 2^20 are exact)
const PIO2_1 = 1.57079632673412561417;
const PIO2_1T = 6.07710050650619224932e-11;
const PIO2_2 = 6.07710050630396597660e-11;
const PIO2_2T = 2.02226624879595063154e-21;
const PIO2_3 = 2.02226624871116645580e-21;
const PIO2_3T = 8.47842766036889956997e-32;
/** Beyond this |x| the reduction above loses accuracy: 2^19 pi/2. */
const MEDIUM = 823549.6;

/** The constants above, by the names the WebAssembly kernel of @dra/agent gives its copies (exported through @dra/core/internal). */
export const COS_CONSTANTS = {
  COS_C1: C1, COS_C2: C2, COS_C3: C3, COS_C4: C4, COS_C5: C5, COS_C6: C6,
  SIN_S1: S1, SIN_S2: S2, SIN_S3: S3, SIN_S4: S4, SIN_S5: S5, SIN_S6: S6,
  INV_PIO2, PIO2_1, PIO2_1T, PIO2_2, PIO2_2T, PIO2_3, PIO2_3T, COS_MEDIUM: MEDIUM,
} as const;

/** cos(x + y) for |x| <= pi/4, y a tiny correction (fdlibm k_cos.c). */
function kernelCos(x: number, y: number): number {
  const ix = highWord(x) & 0x7fffffff;
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y)); // |x| < 0.3
  const qx = ix > 0x3fe90000 ? 0.28125 : fromWords(ix - 0x00200000, 0); // |x| / 4 with its low word cleared
  const hz = 0.5 * z - qx;
  return 1 - qx - (hz - (z * r - x * y));
}

/** sin(x + y) for |x| <= pi/4, y a tiny correction (fdlibm k_sin.c). */
function kernelSin(x: number, y: number): number {
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  return x - (z * (0.5 * y - v * r) - y - v * S1);
}

/**
 * Mirrored in WebAssembly: packages/agent/assembly/wasm-kernel.ts `cosine` (with `kernelCos`, `kernelSin`).
 * cos(x) from IEEE-754 arithmetic alone, within 1 ulp (fdlibm's kernels, Sun Microsystems
 * 1993): x = n pi/2 + y by a three-part Cody-Waite reduction, then the minimax polynomial of
 * cos or sin on [-pi/4, pi/4]. Unlike Math.cos, the bits are the same on every JavaScript
 * engine, so seeded runs (mountain car's dynamics) repeat bit for bit. For |x| > 2^19 pi/2,
 * far beyond any use here, it falls back to Math.cos. cos(+-Infinity) = cos(NaN) = NaN.
 */
export function cos(x: number): number {
  if (!(Math.abs(x) <= MEDIUM)) return Number.isFinite(x) ? Math.cos(x) : NaN;
  const ax = Math.abs(x);
  if (ax <= Math.PI / 4) return ax < 2 ** -27 ? 1 : kernelCos(x, 0);
  // n = nearest integer to |x| / (pi/2); y0 + y1 = |x| - n pi/2
  const n = Math.floor(ax * INV_PIO2 + 0.5);
  let r = ax - n * PIO2_1;
  let w = n * PIO2_1T;
  let y0 = r - w;
  const exponent = (highWord(ax) >> 20) & 0x7ff;
  if (exponent - ((highWord(y0) >> 20) & 0x7ff) > 16) {
    // cancellation: a second part of pi/2
    let t = r;
    w = n * PIO2_2;
    r = t - w;
    w = n * PIO2_2T - (t - r - w);
    y0 = r - w;
    if (exponent - ((highWord(y0) >> 20) & 0x7ff) > 49) {
      // and a third
      t = r;
      w = n * PIO2_3;
      r = t - w;
      w = n * PIO2_3T - (t - r - w);
      y0 = r - w;
    }
  }
  const y1 = r - y0 - w;
  // cos is even: the reduction of |x| serves x
  switch (n & 3) {
    case 0:
      return kernelCos(y0, y1);
    case 1:
      return -kernelSin(y0, y1);
    case 2:
      return -kernelCos(y0, y1);
    default:
      return kernelSin(y0, y1);
  }
}

const N = 64;
const INV_LN2_N = N / Math.LN2;
// ln2/64 = HI + LO, HI with 21 significant bits so n * HI is exact for |n| < 2^31;
// LO = ln2/64 - HI computed in 50-digit decimal arithmetic.
const LN2_N_HI = 0.010830417275428772;
const LN2_N_LO = 7.420820373486988e-9;

const ROUND_SHIFT = 6755399441055744; // 1.5 * 2^52
const TABLE = new Float64Array(N);
for (let j = 0; j < N; j++) TABLE[j] = 2 ** (j / N);
/** POW2[m + 1022] = 2^m for -1022 <= m <= 1023 (normal numbers, exact). */
const POW2 = new Float64Array(2046);
for (let m = -1022; m <= 1023; m++) POW2[m + 1022] = 2 ** m;

/**
 * exp(x) to within about 1 ulp, faster than Math.exp in V8 (table-driven, as in the
 * classic Tang 1989 scheme):
 *   n = round(x * 64 / ln 2),  j = n mod 64,  m = (n - j) / 64,
 *   r = x - n * ln2/64  (Cody-Waite split, |r| <= ln2/128),
 *   exp(x) = 2^m * 2^(j/64) * (1 + r + r^2/2 + r^3/6 + r^4/24 + r^5/120),
 * the polynomial evaluated by Estrin's scheme.
 * The truncation error r^6/720 is below 4e-17 relative. Arguments outside (-708, 709) go to
 * Math.exp (overflow, underflow and subnormal results); NaN gives NaN, -Infinity gives 0.
 */
export function exp(x: number): number {
  // For -708 < x < 709 the scale 2^m stays a normal number (-1022 <= m <= 1023).
  if (!(x > -708 && x < 709)) return Math.exp(x);
  // Round to nearest by adding and removing 1.5 * 2^52 (exact for |x * 64/ln2| < 2^51).
  const n = x * INV_LN2_N + ROUND_SHIFT - ROUND_SHIFT;
  const r = x - n * LN2_N_HI - n * LN2_N_LO;
  const ni = n | 0;
  const j = ni & (N - 1);
  const m = (ni - j) >> 6;
  // Estrin's scheme: (1 + r) + r^2 ((1/2 + r/6) + r^2 (1/24 + r/120)), a shorter
  // dependency chain than Horner's for the same polynomial.
  const r2 = r * r;
  const poly = 1 + r + r2 * (0.5 + r * (1 / 6) + r2 * (1 / 24 + r * (1 / 120)));
  return POW2[m + 1022]! * TABLE[j]! * poly;
}

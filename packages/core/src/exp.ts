const N = 64;
const INV_LN2_N = N / Math.LN2;
// ln2/64 = HI + LO, HI with 21 significant bits so n * HI is exact for |n| < 2^31;
// LO = ln2/64 - HI computed in 50-digit decimal arithmetic.
const LN2_N_HI = 0.010830417275428772;
const LN2_N_LO = 7.420820373486988e-9;

const ROUND_SHIFT = 6755399441055744; // 1.5 * 2^52
/**
 * EXP2_TABLE[j] = 2^(j/64), correctly rounded (80-digit decimal arithmetic): the table of
 * `exp`, read-only, for kernels that compute the same exp elsewhere (WebAssembly; exported by
 * `@dra/core/internal`, not the main entry). Literals
 * rather than `2 ** (j / 64)`: the engines' pow is not correctly rounded and differs between them.
 */
export const EXP2_TABLE = Float64Array.of(
  1.0, 1.0108892860517005, 1.0218971486541166, 1.0330248790212284,
  1.0442737824274138, 1.0556451783605572, 1.0671404006768237, 1.0787607977571199,
  1.0905077326652577, 1.102382583307841, 1.1143867425958924, 1.1265216186082418,
  1.1387886347566916, 1.1511892299529827, 1.1637248587775775, 1.1763969916502812,
  1.189207115002721, 1.202156731452703, 1.215247359980469, 1.22848053610687,
  1.241857812073484, 1.255380757024691, 1.2690509571917332, 1.2828700160787783,
  1.2968395546510096, 1.3109612115247644, 1.3252366431597413, 1.339667524053303,
  1.3542555469368927, 1.3690024229745905, 1.383909881963832, 1.3989796725383112,
  1.4142135623730951, 1.42961333839197, 1.4451808069770467, 1.460917794180647,
  1.4768261459394993, 1.4929077282912648, 1.5091644275934228, 1.5255981507445384,
  1.5422108254079407, 1.559004400237837, 1.5759808451078865, 1.593142151342267,
  1.6104903319492543, 1.6280274218573478, 1.645755478153965, 1.6636765803267364,
  1.681792830507429, 1.7001063537185235, 1.718619298122478, 1.7373338352737062,
  1.7562521603732995, 1.7753764925265212, 1.7947090750031072, 1.8142521755003989,
  1.8340080864093424, 1.8539791250833855, 1.8741676341103, 1.8945759815869656,
  1.9152065613971474, 1.9360617934922943, 1.9571441241754002, 1.978456026387951,
);
/**
 * POW2[m + 1022] = 2^m for -1022 <= m <= 1023 (normal numbers), by exact doubling and
 * halving: the scale table of `exp`, read-only (exported by `@dra/core/internal`).
 */
export const POW2 = new Float64Array(2046);
POW2[1022] = 1;
for (let m = 1; m <= 1023; m++) POW2[m + 1022] = POW2[m + 1021]! * 2;
for (let m = -1; m >= -1022; m--) POW2[m + 1022] = POW2[m + 1023]! / 2;

/** exp(x) >= 2^1024 from here on: overflow. */
const EXP_OVERFLOW = 709.782712893384;
/** exp(x) <= 2^-1075 (half the smallest subnormal) from here down: 0. */
const EXP_UNDERFLOW = -745.1332191019412;
const TWO_POW_64 = 18446744073709551616;
const TWO_POW_M64 = 1 / TWO_POW_64;

/**
 * exp's constants by name, for the test that the WebAssembly kernel's copies agree
 * (exported by `@dra/core/internal` only).
 */
export const EXP_CONSTANTS = { INV_LN2_N, LN2_N_HI, LN2_N_LO, ROUND_SHIFT, EXP_OVERFLOW, EXP_UNDERFLOW, TWO_POW_64, TWO_POW_M64 } as const;

/**
 * exp(x) to within about 1 ulp, faster than Math.exp in V8 (table-driven, as in the
 * classic Tang 1989 scheme):
 *   n = round(x * 64 / ln 2),  j = n mod 64,  m = (n - j) / 64,
 *   r = x - n * ln2/64  (Cody-Waite split, |r| <= ln2/128),
 *   exp(x) = 2^m * 2^(j/64) * (1 + r + r^2/2 + r^3/6 + r^4/24 + r^5/120),
 * the polynomial evaluated by Estrin's scheme.
 * The truncation error r^6/720 is below 4e-17 relative. Outside (-708, 709) the scale 2^m
 * is applied in two steps (2^(m -+ 64), then 2^(+-64)), so overflow to Infinity and
 * subnormal results come out of IEEE multiplication too: no Math.exp anywhere, and the same
 * bits on every JavaScript engine. NaN gives NaN, -Infinity gives 0.
 *
 * Mirrored in WebAssembly: packages/agent/assembly/wasm-kernel.ts `exp` and `expOutsideTable`
 * (docs/kernel-mirror.md); change both or neither.
 */
export function exp(x: number): number {
  // For -708 < x < 709 the scale 2^m stays a normal number (-1022 <= m <= 1023); outside,
  // only NaN, overflow and underflow are settled before the same reduction.
  const inTable = x > -708 && x < 709;
  if (!inTable) {
    if (Number.isNaN(x)) return NaN;
    if (x >= EXP_OVERFLOW) return Infinity;
    if (x <= EXP_UNDERFLOW) return 0;
  }
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
  if (inTable) return POW2[m + 1022]! * EXP2_TABLE[j]! * poly;
  // The scale in two steps, 2^(m -+ 64) then 2^(+-64): subnormal and overflowing results
  // come out of IEEE multiplication.
  return m < 0 ? POW2[m + 64 + 1022]! * EXP2_TABLE[j]! * poly * TWO_POW_M64 : POW2[m - 64 + 1022]! * EXP2_TABLE[j]! * poly * TWO_POW_64;
}

/**
 * Tables of the 128-layer ziggurat for standard normal deviates (Marsaglia & Tsang 2000,
 * in Doornik's 2005 double-precision form). `ZIG_X[i]` is the right edge of layer i:
 * ZIG_X[0] = V / f(R) is the pseudo-width of the base strip (rectangle plus tail),
 * ZIG_X[1] = R, ZIG_X[128] = 0; `ZIG_RATIO[i] = ZIG_X[i + 1] / ZIG_X[i]`.
 * Built once at module load; read-only afterwards.
 */
export const ZIG_LAYERS = 128;
/** Where the tail starts. */
export const ZIG_R = 3.442619855899;
/** Area of every layer. */
export const ZIG_V = 9.91256303526217e-3;

export const ZIG_X = new Float64Array(ZIG_LAYERS + 1);
export const ZIG_RATIO = new Float64Array(ZIG_LAYERS);

{
  let f = Math.exp(-0.5 * ZIG_R * ZIG_R);
  ZIG_X[0] = ZIG_V / f;
  ZIG_X[1] = ZIG_R;
  ZIG_X[ZIG_LAYERS] = 0;
  for (let i = 2; i < ZIG_LAYERS; i++) {
    ZIG_X[i] = Math.sqrt(-2 * Math.log(ZIG_V / ZIG_X[i - 1]! + f));
    f = Math.exp(-0.5 * ZIG_X[i]! * ZIG_X[i]!);
  }
  for (let i = 0; i < ZIG_LAYERS; i++) ZIG_RATIO[i] = ZIG_X[i + 1]! / ZIG_X[i]!;
}

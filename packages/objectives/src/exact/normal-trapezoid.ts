/** Half-width of the z range of the trapezoid rule: the normal mass beyond |z| = 11 is below 1e-27. */
export const Z_MAX = 11;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Nodes z_i and weights h * phi(z_i) of the trapezoid rule for scale c (docs/math.md 4.2). */
export function normalTrapezoid(c: number): { z: Float64Array; w: Float64Array } {
  const h = 0.25 / Math.max(1, c);
  const n = 2 * Math.ceil(Z_MAX / h) + 1;
  const z = new Float64Array(n);
  const w = new Float64Array(n);
  const half = (n - 1) / 2;
  for (let i = 0; i < n; i++) {
    z[i] = (i - half) * h;
    w[i] = h * INV_SQRT_2PI * Math.exp(-0.5 * z[i]! * z[i]!);
  }
  return { z, w };
}

/** Viridis, sampled at 9 points (matplotlib's table); low values dark blue, high yellow. */
const VIRIDIS: readonly [number, number, number][] = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141], [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
];

/** Colour of t in [0, 1] (clamped; NaN is grey) on the viridis scale. */
export function viridis(t: number): string {
  if (Number.isNaN(t)) return '#bbbbbb';
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [VIRIDIS[i]!, VIRIDIS[i + 1]!];
  const c = a.map((v, k) => Math.round(v + f * (b[k]! - v)));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

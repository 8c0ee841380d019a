import type { CurvePoint } from '@dra/agent';

const PANELS = [
  { key: 'objective', title: 'objective', colour: '#1b6ca8' },
  { key: 'memoryCost', title: 'memory cost', colour: '#d1495b' },
] as const;

/**
 * Draws the objective and the memory cost against the episode, one panel each. The objective
 * panel's axis starts at the lowest value after the first tenth of the episodes, so the first,
 * very low evaluations (clipped at the axis) do not flatten the rest.
 */
export function drawCurves(canvas: HTMLCanvasElement, curve: readonly CurvePoint[], episodes: number): void {
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const height = canvas.height / PANELS.length;
  const left = 56;
  const right = 12;
  PANELS.forEach((panel, i) => {
    const top = i * height + 22;
    const bottom = (i + 1) * height - 24;
    const values = curve.map((p) => p[panel.key]);
    const later = curve.filter((p) => p.episode >= episodes / 10).map((p) => p[panel.key]);
    const lo = panel.key === 'objective' && later.length > 0 ? Math.min(...later) : Math.min(0, ...values);
    const hi = Math.max(lo + 1e-9, ...values);
    const x = (e: number) => left + (e / Math.max(1, episodes)) * (canvas.width - left - right);
    const y = (v: number) => bottom - ((Math.max(lo, v) - lo) / (hi - lo)) * (bottom - top);
    ctx.fillStyle = '#222';
    ctx.font = '12px sans-serif';
    ctx.textAlign = 'left';
    ctx.fillText(`${panel.title}${values.length ? `: ${values[values.length - 1]!.toFixed(2)}` : ''}`, left, top - 8);
    ctx.strokeStyle = '#bbb';
    ctx.lineWidth = 1;
    ctx.strokeRect(left, top, canvas.width - left - right, bottom - top);
    ctx.textAlign = 'right';
    ctx.fillText(hi.toFixed(1), left - 4, top + 10);
    ctx.fillText(lo.toFixed(1), left - 4, bottom);
    ctx.textAlign = 'center';
    ctx.fillText(String(episodes), canvas.width - right - 12, bottom + 14);
    ctx.fillText('0', left, bottom + 14);
    ctx.strokeStyle = panel.colour;
    ctx.lineWidth = 2;
    ctx.beginPath();
    curve.forEach((p, t) => (t === 0 ? ctx.moveTo(x(p.episode), y(p[panel.key])) : ctx.lineTo(x(p.episode), y(p[panel.key]))));
    ctx.stroke();
  });
}

import type { ObjectiveComparison, ObjectiveOutcome, VisitGroupId } from '@dra/agent';

/** One colour per compared run (objective and estimator), in order. */
const PALETTE = ['#1b6ca8', '#d1495b', '#2e933c', '#e69f00', '#7b3294', '#56b4e9', '#8c564b', '#666666'];
const PANEL_W = 300;
const PANEL_H = 220;
const MARGIN = { left: 56, top: 34, right: 16, bottom: 44 };

/**
 * An SVG figure of an objective comparison, three panels:
 * (a) final return, memory cost and objective (from rollouts), and the exact objective of the final
 *     memory, per compared run (objective and estimator; means over seeds, +- 1 s.e.);
 * (b) mean sigma of each state against its expected visits per episode (log scale);
 * (c) memory cost by visit group: lambda KL summed over the group's memories (the global
 *     cost of DRA and Eq. 10) beside lambda sum visits KL (what Eq. 8 charges).
 */
export function comparisonFigure(comparison: ObjectiveComparison): string {
  const colour = new Map<ObjectiveOutcome, string>(comparison.outcomes.map((o, i) => [o, PALETTE[i % PALETTE.length]!]));
  const label = (o: ObjectiveOutcome) => `${o.objective}/${o.estimator}`;
  const parts: string[] = [];
  const width = 3 * (PANEL_W + MARGIN.left + MARGIN.right);
  const height = PANEL_H + MARGIN.top + MARGIN.bottom + 28;
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`);
  parts.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  const panel = (index: number) => index * (PANEL_W + MARGIN.left + MARGIN.right) + MARGIN.left;

  // (a) components
  const components = ['return', 'memoryCost', 'objective', 'exact'] as const;
  const valueOf = (o: ObjectiveOutcome, c: (typeof components)[number]) =>
    c === 'exact' ? { value: o.exactFinal?.objective ?? NaN, se: o.exactFinalStandardError?.objective ?? NaN } : { value: o.final[c], se: o.finalStandardError[c] };
  const bars = comparison.outcomes.flatMap((o) => components.map((c) => ({ o, c, ...valueOf(o, c) })));
  const range = extent(bars.flatMap((b) => [b.value - (b.se || 0), b.value + (b.se || 0), 0]));
  parts.push(axes(panel(0), '(a) final components', '', range, null));
  const slot = PANEL_W / components.length;
  const barW = slot / (comparison.outcomes.length + 1);
  components.forEach((c, ci) => {
    parts.push(text(panel(0) + ci * slot + slot / 2, MARGIN.top + PANEL_H + 16, c, 'middle'));
    comparison.outcomes.forEach((o, oi) => {
      const { value, se } = valueOf(o, c);
      if (!Number.isFinite(value)) return;
      const x = panel(0) + ci * slot + barW * (oi + 0.5);
      const y0 = scaleY(0, range);
      const y1 = scaleY(value, range);
      parts.push(`<rect x="${f(x)}" y="${f(Math.min(y0, y1))}" width="${f(barW * 0.9)}" height="${f(Math.abs(y1 - y0))}" fill="${colour.get(o)}"><title>${label(o)} ${c} ${value.toFixed(3)}</title></rect>`);
      if (Number.isFinite(se)) {
        const cx = x + barW * 0.45;
        parts.push(`<line x1="${f(cx)}" x2="${f(cx)}" y1="${f(scaleY(value - se, range))}" y2="${f(scaleY(value + se, range))}" stroke="black"/>`);
      }
    });
  });

  // (b) sigma against visits
  const points = comparison.outcomes.flatMap((o) => o.states.filter((s) => Number.isFinite(s.sigma)).map((s) => ({ o, s })));
  const floor = 1e-3;
  const xRange = extent(points.map((p) => Math.log10(Math.max(floor, p.s.visits))));
  const yRange = extent(points.map((p) => p.s.sigma).concat(0));
  parts.push(axes(panel(1), '(b) mean sigma per state', 'expected visits per episode (log10, floor 1e-3)', yRange, xRange));
  for (const { o, s } of points) {
    const x = panel(1) + ((Math.log10(Math.max(floor, s.visits)) - xRange[0]) / (xRange[1] - xRange[0] || 1)) * PANEL_W;
    parts.push(`<circle cx="${f(x)}" cy="${f(scaleY(s.sigma, yRange))}" r="2.5" fill="${colour.get(o)}" fill-opacity="0.7"><title>${label(o)} state ${s.state}: visits ${s.visits.toPrecision(3)}, sigma ${s.sigma.toFixed(3)}</title></circle>`);
  }

  // (c) cost by visit group
  const groups: VisitGroupId[] = ['never', 'rare', 'often'];
  const costs = comparison.outcomes.flatMap((o) => groups.flatMap((g) => [o.groups[g].globalCost, o.groups[g].perVisitCost]));
  const cRange = extent(costs.concat(0));
  parts.push(axes(panel(2), '(c) cost by visit group: global (filled), per visit (outline)', '', cRange, null));
  const gSlot = PANEL_W / groups.length;
  const gBar = gSlot / (2 * comparison.outcomes.length + 1);
  groups.forEach((g, gi) => {
    parts.push(text(panel(2) + gi * gSlot + gSlot / 2, MARGIN.top + PANEL_H + 16, `${g} (${comparison.outcomes[0]?.groups[g].states ?? 0} states)`, 'middle'));
    comparison.outcomes.forEach((o, oi) => {
      [o.groups[g].globalCost, o.groups[g].perVisitCost].forEach((value, k) => {
        const x = panel(2) + gi * gSlot + gBar * (2 * oi + k + 0.5);
        const y0 = scaleY(0, cRange);
        const y1 = scaleY(value, cRange);
        const fill = k === 0 ? colour.get(o) : 'white';
        parts.push(`<rect x="${f(x)}" y="${f(Math.min(y0, y1))}" width="${f(gBar * 0.9)}" height="${f(Math.abs(y1 - y0))}" fill="${fill}" stroke="${colour.get(o)}"><title>${label(o)} ${g}: ${k === 0 ? 'global' : 'per-visit'} cost ${value.toFixed(3)}</title></rect>`);
      });
    });
  });

  // legend
  comparison.outcomes.forEach((o, i) => {
    const x = MARGIN.left + i * 130;
    parts.push(`<rect x="${x}" y="${height - 16}" width="10" height="10" fill="${colour.get(o)}"/>`);
    parts.push(text(x + 14, height - 7, label(o), 'start'));
  });
  parts.push(text(width - 8, height - 7, `${comparison.env}, seeds ${comparison.seeds.join(', ')}`, 'end'));
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function axes(left: number, title: string, xLabel: string, yRange: [number, number], xRange: [number, number] | null): string {
  const top = MARGIN.top;
  const out = [
    `<rect x="${left}" y="${top}" width="${PANEL_W}" height="${PANEL_H}" fill="none" stroke="#999"/>`,
    text(left, top - 10, title, 'start'),
    `<line x1="${left}" x2="${left + PANEL_W}" y1="${f(scaleY(0, yRange))}" y2="${f(scaleY(0, yRange))}" stroke="#ccc"/>`,
  ];
  for (const v of ticks(yRange)) out.push(text(left - 4, scaleY(v, yRange) + 4, tick(v), 'end'));
  if (xRange) {
    for (const v of ticks(xRange)) out.push(text(left + ((v - xRange[0]) / (xRange[1] - xRange[0] || 1)) * PANEL_W, top + PANEL_H + 14, tick(v), 'middle'));
    out.push(text(left + PANEL_W / 2, top + PANEL_H + 30, xLabel, 'middle'));
  }
  return out.join('\n');
}

function scaleY(v: number, [low, high]: [number, number]): number {
  return MARGIN.top + PANEL_H - ((v - low) / (high - low || 1)) * PANEL_H;
}

function extent(values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  const low = Math.min(...finite);
  const high = Math.max(...finite);
  const pad = (high - low) * 0.05 || 1;
  return [low - pad, high + pad];
}

function ticks([low, high]: [number, number]): number[] {
  const step = 10 ** Math.floor(Math.log10((high - low) / 4 || 1));
  const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => (high - low) / s <= 6) ?? 10 * step;
  const out: number[] = [];
  for (let v = Math.ceil(low / nice) * nice; v <= high; v += nice) out.push(Math.abs(v) < nice * 1e-9 ? 0 : v);
  return out;
}

const tick = (v: number) => (Math.abs(v) >= 100 || Number.isInteger(v) ? v.toFixed(0) : v.toPrecision(2));
const f = (v: number) => v.toFixed(1);
const text = (x: number, y: number, content: string, anchor: 'start' | 'middle' | 'end') =>
  `<text x="${f(x)}" y="${f(y)}" text-anchor="${anchor}">${content.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>`;

import type { TopLevelSpec } from 'vega-lite';
import { compile } from 'vega-lite';
import type { Figure } from './figure.js';
import { fontAdvances, fontFile } from './text-metrics.js';

/** The vega spec vega-lite compiles a figure to (rows inlined): what the renderer is told to draw. */
export function compiled(figure: Figure): Record<string, unknown> {
  return compile({ ...figure.spec, data: { values: figure.data } } as TopLevelSpec).spec as unknown as Record<string, unknown>;
}

/** Every object found under `key` anywhere in `tree` (e.g. all `legends` of nested groups). */
export function allUnder(tree: unknown, key: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === key) found.push(...(Array.isArray(v) ? v : [v]));
        visit(v);
      }
    }
  };
  visit(tree);
  return found;
}

/** The texts of each group of axis labels in a rendered SVG, with their anchor and position. */
export function axisLabelGroups(svg: string): { anchor: string; x: number; y: number; text: string }[][] {
  return [...svg.matchAll(/<g class="mark-text role-axis-label"[^>]*>(.*?)<\/g>/g)].map((group) =>
    [...group[1]!.matchAll(/<text text-anchor="(\w+)" transform="translate\(([-\d.]+),([-\d.]+)\)[^>]*>([^<]*)<\/text>/g)].map((m) => ({
      anchor: m[1]!,
      x: Number(m[2]),
      y: Number(m[3]),
      text: m[4]!,
    })),
  );
}

const regular = fontAdvances(fontFile('regular'));
const bold = fontAdvances(fontFile('bold'));

/** Width in px of a line of text in the shipped font (bold for titles). */
export function textWidth(text: string, fontSize: number, isBold = false): number {
  let em = 0;
  for (const char of text) em += (isBold ? bold : regular)(char.codePointAt(0)!);
  return em * fontSize;
}

/**
 * Pairs of neighbouring labels in a row of axis labels (an x axis, font size 10) with less than
 * `gap` px between them: run together ("1011121314") even where they do not quite overlap.
 */
export function touchingLabels(svg: string, gap = 3): string[] {
  const touching: string[] = [];
  const extent = (label: { anchor: string; x: number; text: string }) => {
    const width = textWidth(label.text, 10);
    const left = label.anchor === 'start' ? label.x : label.anchor === 'end' ? label.x - width : label.x - width / 2;
    return [left, left + width] as const;
  };
  for (const group of axisLabelGroups(svg).filter((g) => g.every((label) => label.y === g[0]!.y))) {
    const sorted = [...group].sort((a, b) => a.x - b.x);
    for (let i = 1; i < sorted.length; i++) {
      if (extent(sorted[i]!)[0] - extent(sorted[i - 1]!)[1] < gap) touching.push(`${sorted[i - 1]!.text}|${sorted[i]!.text}`);
    }
  }
  return touching;
}

/** The width and height a rendered SVG declares. */
export function svgSize(svg: string): { width: number; height: number } {
  const [, width, height] = /^<svg[^>]* width="([\d.]+)" height="([\d.]+)"/.exec(svg)!;
  return { width: Number(width), height: Number(height) };
}

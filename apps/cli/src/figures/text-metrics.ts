import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The fonts shipped with the CLI that figures are drawn with: DejaVu Sans, regular and bold. */
export const FONT_FILES = { regular: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf', bold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf' } as const;

/** Reads a shipped font file. */
export function fontFile(which: keyof typeof FONT_FILES): Uint8Array {
  return readFileSync(createRequire(import.meta.url).resolve(FONT_FILES[which]));
}

/** Advance width, in em, of each character of a TrueType font. */
type Advances = (codePoint: number) => number;

/**
 * The advance widths of a TrueType font from its `head`, `hhea`, `hmtx` and `cmap` (format 4,
 * Unicode BMP) tables. Characters the font lacks get the missing-glyph box's width.
 */
export function fontAdvances(font: Uint8Array): Advances {
  const { advance, glyphOf } = readFont(font);
  const cache = new Map<number, number>();
  return (codePoint) => {
    let width = cache.get(codePoint);
    if (width === undefined) cache.set(codePoint, (width = advance(glyphOf(codePoint))));
    return width;
  };
}

/** Whether a TrueType font draws a character (rather than its missing-glyph box). */
export function hasGlyph(font: Uint8Array, char: string): boolean {
  return readFont(font).glyphOf(char.codePointAt(0)!) !== 0;
}

/** A font's glyph lookup (0: missing) and glyph advance widths in em. */
function readFont(font: Uint8Array): { glyphOf: (codePoint: number) => number; advance: (glyph: number) => number } {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const tables = new Map<string, number>();
  for (let i = 0, n = view.getUint16(4); i < n; i++) {
    const record = 12 + 16 * i;
    tables.set(String.fromCharCode(...font.subarray(record, record + 4)), view.getUint32(record + 8));
  }
  const table = (tag: string) => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(`font has no ${tag} table`);
    return at;
  };
  const unitsPerEm = view.getUint16(table('head') + 18);
  const metrics = view.getUint16(table('hhea') + 34);
  const hmtx = table('hmtx');
  const bmp = bmpGlyphs(view, table('cmap'));
  return {
    glyphOf: (codePoint) => (codePoint > 0xffff ? 0 : bmp(codePoint)),
    advance: (glyph) => view.getUint16(hmtx + 4 * Math.min(glyph, metrics - 1)) / unitsPerEm,
  };
}

/** Glyph lookup of a `cmap` table's Windows Unicode BMP subtable (format 4). */
function bmpGlyphs(view: DataView, cmap: number): (code: number) => number {
  let subtable = -1;
  for (let i = 0, n = view.getUint16(cmap + 2); i < n; i++) {
    const record = cmap + 4 + 8 * i;
    const at = cmap + view.getUint32(record + 4);
    if (view.getUint16(record) === 3 && view.getUint16(record + 2) === 1 && view.getUint16(at) === 4) subtable = at;
  }
  if (subtable < 0) throw new Error('font has no Unicode BMP character map');
  const segments = view.getUint16(subtable + 6) / 2;
  const ends = subtable + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  return (code) => {
    for (let s = 0; s < segments; s++) {
      if (view.getUint16(ends + 2 * s) < code) continue;
      const start = view.getUint16(starts + 2 * s);
      if (start > code) return 0;
      const delta = view.getUint16(deltas + 2 * s);
      const rangeOffset = view.getUint16(rangeOffsets + 2 * s);
      if (rangeOffset === 0) return (code + delta) & 0xffff;
      const glyph = view.getUint16(rangeOffsets + 2 * s + rangeOffset + 2 * (code - start));
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}

/** What vega tells a text-width function about the text mark being measured. */
interface TextItem {
  fontSize?: number | string | null;
  fontWeight?: number | string | null;
  limit?: number | null;
}

let installed = false;

/**
 * Makes vega measure text with the advance widths of the fonts the figures are drawn with. Without
 * a canvas vega guesses 0.8 em per character, about a third too wide for DejaVu Sans: titles pushed
 * plots aside, left blank margins, and label overlap went undetected. (vega documents replacing
 * `textMetrics.width` for renderers without a canvas.) Kerning is not applied: a line comes out a
 * percent or two wider than drawn. Deterministic: the fonts are fixed files.
 */
export function measureTextWithShippedFonts(textMetrics: { width: (item: TextItem, text: unknown) => number }): void {
  if (installed) return;
  const regular = fontAdvances(fontFile('regular'));
  const bold = fontAdvances(fontFile('bold'));
  textMetrics.width = (item, text) => {
    const size = item.fontSize != null ? +item.fontSize || 0 : 11;
    const weight = item.fontWeight;
    const advances = weight === 'bold' || weight === 'bolder' || Number(weight) >= 600 ? bold : regular;
    let em = 0;
    for (const char of text == null ? '' : String(text).trim()) em += advances(char.codePointAt(0)!);
    const width = em * size;
    return item.limit != null && item.limit > 0 ? Math.min(width, item.limit) : width;
  };
  installed = true;
}

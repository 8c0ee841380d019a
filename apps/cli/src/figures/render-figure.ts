import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TopLevelSpec } from 'vega-lite';
import { toJson } from '../json-output.js';
import type { Figure } from './figure.js';
import { fontFile, measureTextWithShippedFonts } from './text-metrics.js';

const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** The spec as saved beside the figure: it reads its rows from `<name>.data.json`. */
export function savedSpec(figure: Figure): TopLevelSpec {
  return { $schema: VEGA_LITE_SCHEMA, ...figure.spec, data: { url: `${figure.name}.data.json` } } as TopLevelSpec;
}

/**
 * Renders a figure to SVG in Node: vega-lite compiles the spec (rows inlined) to vega, and a
 * headless vega view (`renderer: 'none'`) serialises it. No browser, no canvas, no native
 * module; the same figure gives the same bytes. Text is measured with the fonts the PNG is drawn
 * with (`measureTextWithShippedFonts`), so titles, labels and legends get the room they take.
 * (vega is loaded on first use: it takes longer to load than most commands take to run.)
 */
export async function renderSvg(figure: Figure): Promise<string> {
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  // textMetrics is exported by vega (from vega-scenegraph) but missing from its type declarations.
  measureTextWithShippedFonts((vega as unknown as { textMetrics: Parameters<typeof measureTextWithShippedFonts>[0] }).textMetrics);
  const spec = { $schema: VEGA_LITE_SCHEMA, ...figure.spec, data: { values: figure.data } } as TopLevelSpec;
  // Gradient and clip ids count up across renders: restart them, so a figure's bytes do not depend on what was drawn before it.
  vega.resetSVGDefIds();
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

let wasmReady: Promise<void> | undefined;
let fonts: Uint8Array[] | undefined;

/**
 * Rasterises an SVG to PNG with resvg (WebAssembly) on a white background, at `scale` times
 * the SVG's size. Text is drawn with the DejaVu Sans fonts shipped with the CLI, regular and
 * bold (resvg has no system fonts here; without one every label would silently vanish).
 */
export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  const { initWasm, Resvg } = await import('@resvg/resvg-wasm');
  const require = createRequire(import.meta.url);
  wasmReady ??= initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
  await wasmReady;
  fonts ??= [fontFile('regular'), fontFile('bold')];
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: scale },
    font: { fontBuffers: fonts, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans', loadSystemFonts: false },
  });
  try {
    const image = resvg.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}

/** The files of one figure: SVG, spec, data, and PNG when asked. */
export async function figureFiles(figure: Figure, png: boolean): Promise<Record<string, string | Uint8Array>> {
  const svg = await renderSvg(figure);
  const files: Record<string, string | Uint8Array> = {
    [`${figure.name}.svg`]: `${svg}\n`,
    [`${figure.name}.vl.json`]: `${toJson(savedSpec(figure), 2)}\n`,
    [`${figure.name}.data.json`]: `${toJson(figure.data, 2)}\n`,
  };
  if (png) files[`${figure.name}.png`] = await svgToPng(svg);
  return files;
}

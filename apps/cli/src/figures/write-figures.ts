import { toJson } from '../json-output.js';
import type { Figure } from './figure.js';
import { figureFiles } from './render-figure.js';

/** The files of every figure plus `figures.json`, an index of names, captions and files. */
export async function figureDirectoryFiles(figures: readonly Figure[], png: boolean): Promise<Record<string, string | Uint8Array>> {
  const files: Record<string, string | Uint8Array> = {};
  const index = [];
  for (const figure of figures) {
    if (`${figure.name}.svg` in files) throw new Error(`two figures are named ${figure.name}`);
    const own = await figureFiles(figure, png);
    Object.assign(files, own);
    index.push({ name: figure.name, caption: figure.caption, files: Object.keys(own) });
  }
  files['figures.json'] = `${toJson(index, 2)}\n`;
  return files;
}

import { fileURLToPath } from 'node:url';
import { MAZE_PAPER_SETTINGS, SETTING_SPECS } from '@dra/agent';
import { chromium, type Browser, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built viewer's settings form, as the browser renders it from the settings table.
const root = fileURLToPath(new URL('..', import.meta.url));
let server: PreviewServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await preview({ root, logLevel: 'silent', preview: { port: 0, strictPort: false, host: '127.0.0.1' } });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage();
  await page.goto(server.resolvedUrls!.local[0]!);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the settings form', () => {
  it("has one field per run setting the viewer sets: the table's description as tooltip, its range, the maze's paper value", async () => {
    const fields = await page.$$eval('#settings label[title]', (labels) =>
      labels.map((label) => {
        const control = label.querySelector('input, select') as HTMLInputElement | HTMLSelectElement;
        return { title: (label as HTMLLabelElement).title, name: control.name, value: control.value, min: control.getAttribute('min'), max: control.getAttribute('max'), step: control.getAttribute('step') };
      }),
    );
    expect(fields.map((f) => f.name)).toEqual(['objective', 'lambda', 'beta', 'sigma0', 'seed', 'episodes']);
    for (const field of fields) {
      const name = field.name as 'lambda';
      expect(field.title).toBe(SETTING_SPECS[name].description);
      expect(field.value).toBe(String(MAZE_PAPER_SETTINGS[name]));
    }
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(byName.lambda).toMatchObject({ min: '0', max: null, step: 'any' });
    expect(byName.sigma0).toMatchObject({ min: String(MAZE_PAPER_SETTINGS.sigmaMin), max: String(MAZE_PAPER_SETTINGS.sigmaMax) });
    expect(byName.seed).toMatchObject({ min: '0', step: '1' });
    expect(byName.episodes).toMatchObject({ min: '1', max: '1000000', step: '100' });
    const options = await page.$$eval('select[name="objective"] option', (list) => list.map((o) => [(o as HTMLOptionElement).value, o.textContent]));
    expect(options).toEqual([['dra', 'DRA (global cost)'], ['eq8', 'Eq. 8 (cost per visit)'], ['eq10', 'Eq. 10 (global cost + entropy)']]);
  });
});

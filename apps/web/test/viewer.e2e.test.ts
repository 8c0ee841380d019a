import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CURVE_COLUMNS, defaultSettings, runExperiment } from '@dra/agent';
import { chromium, type Browser, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built viewer (turbo builds it before the tests) served by vite preview, driven in
// Debian's Chromium: headless, no sandbox (CI runs as root), no background networking
// (the machine's network is closed).
const root = fileURLToPath(new URL('..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'dra-web-'));
let server: PreviewServer;
let browser: Browser;
let page: Page;
let url: string;
const errors: string[] = [];

beforeAll(async () => {
  server = await preview({ root, logLevel: 'silent', preview: { port: 0, strictPort: false, host: '127.0.0.1' } });
  url = server.resolvedUrls!.local[0]!;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const canvasPixels = () => page.evaluate(() => (document.getElementById('maze') as HTMLCanvasElement).toDataURL());
const fill = async (values: Record<string, string>) => {
  for (const [name, value] of Object.entries(values)) await page.fill(`input[name="${name}"]`, value);
};

describe('the browser viewer', () => {
  it('loads, trains the maze in a Web Worker, updates the grid live, and ends exactly where the same run in Node ends', async () => {
    await page.goto(url);
    await expect(page.title()).resolves.toMatch(/DRA viewer/);
    const before = await canvasPixels();
    // 130 snapshots after episode 200, each followed by a 60 ms pause: the run stays live for 8 s
    // or more after the sample below, however busy the machine (the pause is a floor, not a guess).
    await fill({ seed: '7', episodes: '1500', pace: '60', sigma0: '1' });
    await page.click('#train');
    await page.waitForFunction(() => Number(document.getElementById('status')!.dataset.episode) >= 200, undefined, { timeout: 500_000 });
    // The state and the pixels in one turn of the page's event loop, so they belong together.
    const sample = await page.evaluate(() => ({ state: document.getElementById('status')!.dataset.state, pixels: (document.getElementById('maze') as HTMLCanvasElement).toDataURL() }));
    expect(sample.state, 'sampled while training').toBe('training');
    const during = sample.pixels;
    expect(during).not.toBe(before);
    await page.waitForFunction(() => document.getElementById('status')!.dataset.state === 'done', undefined, { timeout: 500_000 });
    const after = await canvasPixels();
    expect(after).not.toBe(during);
    await page.screenshot({ path: join(out, 'viewer.png'), fullPage: true });
    expect(statSync(join(out, 'viewer.png')).size).toBeGreaterThan(20_000);
    // The packages run unchanged in the browser, and to the bit: the toolkit computes exp, log
    // and cos itself (the engines' Math.exp, Math.log and Math.cos round differently, Chromium's
    // from Node 20's in about 1 case in 10) and its tables are literals. Same seed, same bits.
    const shown = Number(await page.getAttribute('#status', 'data-objective'));
    const node = runExperiment({ ...defaultSettings('maze'), seed: 7, episodes: 1500, sigma0: 1 });
    expect(shown).toBe(node.final.objective);
    expect(errors).toEqual([]);
  });

  it('draws the switched map after the switch episode', async () => {
    await fill({ seed: '2', episodes: '400', pace: '0', switchAt: '200' });
    await page.check('input[name="switch"]');
    await page.click('#train');
    await page.waitForFunction(() => document.getElementById('status')!.dataset.state === 'done', undefined, { timeout: 500_000 });
    expect(await page.getAttribute('#maze', 'data-map')).toBe('switched');
    await page.uncheck('input[name="switch"]');
  });

  it("opens a run's memory.json and curve.csv, and names the file and line of a malformed one", async () => {
    const record = runExperiment({ ...defaultSettings('maze'), seed: 3, episodes: 300 });
    writeFileSync(join(out, 'memory.json'), JSON.stringify(record.memory));
    const csv = [CURVE_COLUMNS.join(','), ...record.curve.map((p) => CURVE_COLUMNS.map((c) => p[c]).join(','))].join('\n');
    writeFileSync(join(out, 'curve.csv'), `${csv}\n`);
    await page.setInputFiles('#files', [join(out, 'memory.json'), join(out, 'curve.csv')]);
    await page.waitForFunction(() => document.getElementById('status')!.dataset.state === 'opened');
    await expect(page.textContent('#status')).resolves.toBe('opened memory.json, curve.csv');
    writeFileSync(join(out, 'broken.csv'), csv.replace(/\n0,[^,]*,/, '\n0,oops,'));
    await page.setInputFiles('#files', [join(out, 'broken.csv')]);
    await page.waitForFunction(() => document.getElementById('status')!.dataset.state === 'error');
    await expect(page.textContent('#message')).resolves.toBe('broken.csv: line 2: objective must be a finite number, got "oops"');
    expect(readFileSync(join(out, 'memory.json'), 'utf8')).toBe(JSON.stringify(record.memory));
  });

  it('refuses bad settings, naming the field and value, and does not train', async () => {
    await fill({ lambda: '-1', episodes: '2.5' });
    await page.click('#train');
    await expect(page.getAttribute('#status', 'data-state')).resolves.toBe('invalid');
    await expect(page.textContent('#message')).resolves.toBe("lambda must be a number >= 0, got '-1'\nepisodes must be a whole number from 1 to 1000000, got '2.5'");
    await fill({ lambda: '0.1', episodes: '100', sigma0: '500' });
    await page.click('#train');
    // The agent's own validation, from the worker: sigma0 outside the clip range.
    await page.waitForFunction(() => document.getElementById('status')!.dataset.state === 'error');
    await expect(page.textContent('#message')).resolves.toMatch(/sigma0 must be within \[sigmaMin, sigmaMax\], got 500/);
  });
});

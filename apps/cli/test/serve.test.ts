import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, dra } from './dra-process.js';

describe('dra serve', () => {
  it('serves the viewer directory on localhost and nothing outside it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dra-serve-'));
    const site = join(root, 'site');
    mkdirSync(join(site, 'assets'), { recursive: true });
    writeFileSync(join(site, 'index.html'), '<!doctype html><title>viewer</title>');
    writeFileSync(join(site, 'assets', 'app.js'), 'export {};');
    writeFileSync(join(root, 'secret.txt'), 'not for the web');
    const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--dir', site], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((done, fail) => {
        child.stdout.once('data', (chunk: Buffer) => done(chunk.toString()));
        child.once('exit', (code) => fail(new Error(`dra serve exited with ${code}`)));
      });
      const base = /http:\/\/127\.0\.0\.1:\d+\//.exec(line)![0];
      const index = await fetch(base);
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toMatch(/text\/html/);
      expect(await index.text()).toContain('<title>viewer</title>');
      const script = await fetch(`${base}assets/app.js`);
      expect(script.headers.get('content-type')).toMatch(/text\/javascript/);
      for (const path of ['%2e%2e/secret.txt', '..%2fsecret.txt', 'missing.js']) expect((await fetch(`${base}${path}`)).status, path).toBe(404);
      // Hostile requests get an answer and leave the server up.
      for (const path of ['%', '%E0%A4%A', 'a%00b', '%ZZ']) expect((await fetch(`${base}${path}`)).status, path).toBe(400);
      expect((await fetch(base, { method: 'POST', body: 'x' })).status).toBe(405);
      expect((await fetch(base, { method: 'DELETE' })).headers.get('allow')).toBe('GET, HEAD');
      const head = await fetch(`${base}assets/app.js`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-length')).toBe('10');
      expect(await head.text()).toBe('');
      const etag = head.headers.get('etag')!;
      expect(head.headers.get('last-modified')).toMatch(/GMT$/);
      expect((await fetch(`${base}assets/app.js`, { headers: { 'if-none-match': etag } })).status).toBe(304);
      expect((await fetch(base)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('refuses a directory without a built viewer and a port out of range, with exit code 2', () => {
    const empty = mkdtempSync(join(tmpdir(), 'dra-serve-empty-'));
    const r = dra('serve', '--dir', empty, '--port', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--dir '.*' holds no index.html: run pnpm build first/);
    const p = dra('serve', '--port', '70000');
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/--port must be a whole number from 0 to 65535, got 70000/);
  });
});

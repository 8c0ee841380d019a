import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { pathValue, wholeNumber } from '../parse-flag.js';
import { UsageError } from '../usage-error.js';

interface ServeFlags {
  port: number;
  dir?: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json; charset=utf-8',
};

/** The built viewer of this checkout: apps/web/dist beside apps/cli/dist. */
const DEFAULT_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the browser viewer (apps/web, built by pnpm build) on localhost')
    .option('--port <n>', 'port on 127.0.0.1 (0: any free port)', wholeNumber, 5173)
    .option('--dir <dir>', 'directory of the built viewer (default: apps/web/dist of this checkout)', pathValue)
    .action((flags: ServeFlags) => serveCommand(flags));
}

async function serveCommand(flags: ServeFlags): Promise<void> {
  if (flags.port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, got ${flags.port}`);
  const root = resolve(flags.dir ?? DEFAULT_DIR);
  if (!existsSync(join(root, 'index.html'))) {
    throw new UsageError(
      flags.dir === undefined
        ? `the viewer is not built (looked in ${root}): in a checkout of the repository run pnpm build first; an installed @dra/cli does not ship the viewer, so give --dir <a built apps/web/dist>`
        : `--dir '${flags.dir}' holds no index.html: run pnpm build first (looked in ${root})`,
    );
  }
  const server = createServer((request, response) => {
    const text = (status: number, body: string, headers: Record<string, string> = {}) =>
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(request.method === 'HEAD' ? undefined : body);
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'method not allowed\n', { allow: 'GET, HEAD' });
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      return text(400, 'bad request: malformed path\n');
    }
    if (path.includes('\0')) return text(400, 'bad request: malformed path\n');
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    // Only files inside the viewer's directory are served.
    if (file !== root && !file.startsWith(root + sep)) return text(404, 'not found\n');
    let stats;
    let body: Buffer | undefined;
    try {
      stats = statSync(file);
      if (!stats.isFile()) return text(404, 'not found\n');
      if (request.method !== 'HEAD') body = readFileSync(file);
    } catch {
      return text(404, 'not found\n'); // gone, or unreadable: never a crash of the server
    }
    const etag = `"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
    const headers = { etag, 'last-modified': stats.mtime.toUTCString(), 'cache-control': 'no-cache' };
    if (request.headers['if-none-match'] === etag) return response.writeHead(304, headers).end();
    response.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': String(stats.size) });
    response.end(body);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) => fail(error.code === 'EADDRINUSE' ? new UsageError(`--port ${flags.port} is in use; choose another (or 0 for any free port)`) : error));
    server.listen(flags.port, '127.0.0.1', () => done());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : flags.port;
  process.stdout.write(`DRA viewer on http://127.0.0.1:${port}/ (Ctrl-C to stop)\n`);
  await new Promise<void>((done) => {
    const stop = () => server.close(() => done());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

// Packs every publishable workspace package (packages/*, not private) with pnpm, which turns
// workspace: ranges into the versions a registry would see. Returns { name, dir, tarball }.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

export function publishablePackages() {
  const root = join(repoRoot, 'packages');
  return readdirSync(root)
    .map((name) => join(root, name))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: manifest.name, version: manifest.version, dir }));
}

export function packAll(destination) {
  return publishablePackages().map((pkg) => {
    const out = execFileSync('pnpm', ['pack', '--pack-destination', destination], { cwd: pkg.dir, encoding: 'utf8' });
    const tarball = out.trim().split('\n').filter((line) => line.endsWith('.tgz')).pop();
    if (!tarball) throw new Error(`pnpm pack printed no tarball for ${pkg.name}:\n${out}`);
    return { ...pkg, tarball: resolve(pkg.dir, tarball) };
  });
}

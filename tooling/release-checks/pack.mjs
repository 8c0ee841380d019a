// Packs every publishable workspace package (packages/* and apps/*, not private) with pnpm, which
// turns workspace: ranges into the versions a registry would see. Returns { name, dir, tarball }.
//
// Run directly, `node tooling/release-checks/pack.mjs --out DIR` (the root's `pnpm pack:packages`)
// packs them into DIR and prints each tarball and the `npm install` line that installs them all
// into another project. The packages must be built first (`pnpm build`).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

export function publishablePackages() {
  return ['packages', 'apps']
    .flatMap((top) => readdirSync(join(repoRoot, top)).map((name) => join(repoRoot, top, name)))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: manifest.name, version: manifest.version, dir, manifest }));
}

export function packAll(destination) {
  return publishablePackages().map((pkg) => {
    const out = execFileSync('pnpm', ['pack', '--pack-destination', destination], { cwd: pkg.dir, encoding: 'utf8' });
    const tarball = out.trim().split('\n').filter((line) => line.endsWith('.tgz')).pop();
    if (!tarball) throw new Error(`pnpm pack printed no tarball for ${pkg.name}:\n${out}`);
    return { ...pkg, tarball: resolve(pkg.dir, tarball) };
  });
}

/** The built files a tarball needs (dist/, and the package's main file), when they are missing. */
function missingBuild(pkg) {
  const targets = ['dist', pkg.manifest.main].filter((t) => t !== undefined);
  return targets.filter((t) => !existsSync(join(pkg.dir, t))).map((t) => `${pkg.name}: ${t}`);
}

/** A shell word: quoted only when it has to be. */
const shellWord = (text) => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`);

function main(argv) {
  const at = argv.indexOf('--out');
  if (at === -1 || argv[at + 1] === undefined || argv[at + 1].trim() === '') {
    console.error('usage: node tooling/release-checks/pack.mjs --out DIR');
    return 2;
  }
  const destination = resolve(argv[at + 1]);
  const missing = publishablePackages().flatMap(missingBuild);
  if (missing.length > 0) {
    console.error(`pack: not built (run pnpm build first): ${missing.join(', ')}`);
    return 2;
  }
  mkdirSync(destination, { recursive: true });
  // Tarballs of earlier versions would be installed beside the new ones by `npm install DIR/*.tgz`.
  for (const name of readdirSync(destination)) if (/^dra-.*\.tgz$/.test(name)) rmSync(join(destination, name));
  const packed = packAll(destination);
  for (const pkg of packed) console.log(`${pkg.name}@${pkg.version}: ${pkg.tarball}`);
  console.log(`\n${packed.length} packages in ${destination}. Install them all in your own project (npm, Node >= 20.19):\n`);
  console.log(`npm install ${packed.map((pkg) => shellWord(pkg.tarball)).join(' ')}`);
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}

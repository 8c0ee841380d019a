// Checks that dependencies point one way, floor by floor (the package graph of the README):
//   core  <-  policies, environments, objectives, mountain-car  <-  agent  <-  experiments  <-  apps
// A module may import a package of a lower floor only; a test (or test support) may also import
// packages of its own floor (e.g. objectives' tests build environments). Also checks that every
// imported workspace package is declared in the importer's package.json.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const FLOORS = {
  '@dra/core': 0,
  '@dra/policies': 1,
  '@dra/environments': 1,
  '@dra/objectives': 1,
  '@dra/mountain-car': 1,
  '@dra/agent': 2,
  '@dra/experiments': 3,
  '@dra/cli': 4,
  '@dra/web': 4,
};

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx|mts|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield path;
  }
}

const problems = [];
let imports = 0;
for (const top of ['packages', 'apps']) {
  for (const dir of readdirSync(join(root, top))) {
    const manifest = JSON.parse(readFileSync(join(root, top, dir, 'package.json'), 'utf8'));
    const floor = FLOORS[manifest.name];
    if (floor === undefined) {
      problems.push(`${top}/${dir}: ${manifest.name} has no floor in tooling/release-checks/layer-check.mjs`);
      continue;
    }
    const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]);
    for (const path of sourceFiles(join(root, top, dir))) {
      const isTest = /\.test(-support|-d)?\.ts$|[/\\]test[/\\]/.test(path);
      for (const [, name] of readFileSync(path, 'utf8').matchAll(/from '(@dra\/[a-z-]+)(?:\/[a-z/-]+)?'/g)) {
        if (name === manifest.name || !(name in FLOORS)) continue;
        imports++;
        const where = relative(root, path);
        if (!declared.has(name)) problems.push(`${where}: imports ${name}, which ${manifest.name}'s package.json does not declare`);
        const other = FLOORS[name];
        if (other > floor || (other === floor && !isTest)) problems.push(`${where}: ${manifest.name} (floor ${floor}) imports ${name} (floor ${other}): dependencies point down only`);
      }
    }
  }
}
if (problems.length > 0) {
  console.error(`layer-check: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`layer-check: ${imports} imports between workspace packages, every one pointing down (core <- policies, environments, objectives, mountain-car <- agent <- experiments <- apps)`);

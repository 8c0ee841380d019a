// The `dra` command of the installed @dra/cli tarball, run the way its README says: `npx dra`
// from the project that installed it (with npm_config_yes=false, as `npx --no`: the local
// command or a failure, never a package of that name fetched from the registry). Checks the
// version, the environment list, a maze run (JSON on stdout, a run directory whose run.json
// says the WebAssembly kernel ran) and its figures as SVG and PNG (the PNG's text drawn with the
// DejaVu font, found from the installed location).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
// Output inside this project, which the consumer test removes once every check has passed.
const work = join(process.cwd(), 'command-output');
mkdirSync(work);

/** `npx dra ARGS` in this project: its stdout (stderr, with progress and summaries, passes through). */
function dra(...args) {
  console.log(`$ npx dra ${args.join(' ')}`);
  const env = { ...process.env, npm_config_yes: 'false' };
  return execFileSync('npx', ['dra', ...args], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'inherit'] });
}

const { version } = require('@dra/cli/package.json');
const printed = dra('--version').trim();
assert.equal(printed, version, `npx dra --version printed '${printed}', the installed @dra/cli is ${version}`);

const envs = dra('envs');
for (const id of ['maze', 'huys', 'mountain-car']) assert.match(envs, new RegExp(`\\b${id}\\b`), `npx dra envs does not list ${id}:\n${envs}`);

const runDir = join(work, 'run');
const stdout = dra('run', '--env', 'maze', '--episodes', '200', '--seed', '1', '--json', '--out', runDir);
const result = JSON.parse(stdout);
assert.equal(result.episodes, 200);
assert.equal(result.seed, 1);
assert.ok(Number.isFinite(result.objective) && result.curve.length > 0, `npx dra run --json gave no objective or curve: ${stdout.slice(0, 300)}`);
const record = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8'));
assert.deepEqual({ episodes: record.kernel?.episodes, gradient: record.kernel?.gradient }, { episodes: 'wasm', gradient: 'wasm' }, `the installed dra ran the maze outside the WebAssembly kernel: ${JSON.stringify(record.kernel)}`);
assert.equal(record.packages['@dra/cli'], version);

const figuresDir = join(work, 'figures');
dra('plot', runDir, '--out', figuresDir, '--png');
const figures = JSON.parse(readFileSync(join(figuresDir, 'figures.json'), 'utf8'));
const pngs = figures.flatMap((figure) => figure.files).filter((file) => file.endsWith('.png'));
assert.ok(pngs.length >= figures.length && figures.length > 0, `npx dra plot --png wrote no PNG per figure: ${JSON.stringify(figures)}`);
for (const png of pngs) assert.deepEqual([...readFileSync(join(figuresDir, png)).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], `${png} is not a PNG`);

console.log(`npx dra ${version}: --version, envs, run (maze, 200 episodes, objective ${result.objective.toFixed(1)}, kernel wasm) and plot (${figures.length} figures, ${pngs.length} PNGs) from the installed package`);

// `pnpm bench`: `dra bench` with the C reference (tooling/maze-reference-c) as its anchor, every
// section (training paths, exact evaluator, sweeps on 1 and 2 threads, `dra reproduce all`), then
// the project's targets checked against what it measured in that one run:
//   maze 'A' at least 0.8 of the C anchor (median of the per-round ratios of 5 alternations);
//   every other tabular path at least 0.6 of maze 'A', mountain car at least 0.5;
//   the exact evaluator under 0.1 s on the trained maze memory, under 0.25 s with every sigma at 5.
// Without a C compiler the anchor is skipped, and it says so. DRA_BENCH_SECTIONS narrows the
// sections (as `dra bench --sections`); the report is also written to bench-report.json. It exits
// 1 when a target is missed.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCReference, C_REFERENCE, repoRoot } from './anchor.mjs';

const { binary: reference, source, reason } = buildCReference();
const args = [join(repoRoot, 'apps/cli/dist/dra.js'), 'bench', '--repeat', '5', '--json', '--sections', process.env.DRA_BENCH_SECTIONS ?? 'paths,exact,sweep,reproduce'];
if (reference !== null) {
  args.push('--baseline', `"${reference}" 5000 1`);
  console.log(`anchor: ${source} (5000 episodes, seed 1)`);
} else console.log(`${reason}; ${C_REFERENCE} is skipped: no anchor figures or ratio`);
const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
if (r.status !== 0) process.exit(r.status ?? 1);
const report = JSON.parse(r.stdout);
writeFileSync('bench-report.json', r.stdout);

const rows = [];
const check = (what, value, target, pass) => rows.push(`${pass ? 'meets ' : 'MISSES'}  ${what}: ${value} (target ${target})`);
if (report.paths) {
  for (const p of report.paths.paths) {
    console.log(`${p.label.padEnd(42)} ${(p.stepsPerSecond / 1e6).toFixed(2).padStart(6)} M steps/s  x${p.ratioToReference.toFixed(2)} of maze 'A'`);
    if (p.id === 'maze-A') continue;
    const target = p.id === 'mountain-car' ? 0.5 : 0.6;
    check(`${p.label} / maze 'A'`, p.ratioToReference.toFixed(2), `>= ${target}`, p.ratioToReference >= target);
  }
  const anchor = report.paths.anchor;
  if (anchor) {
    console.log(`${'C anchor'.padEnd(42)} ${(anchor.stepsPerSecond / 1e6).toFixed(2).padStart(6)} M steps/s`);
    check("maze 'A' / C anchor", anchor.ratio.toFixed(3), '>= 0.8, 1.0 the aim', anchor.ratio >= 0.8);
  }
}
for (const t of report.exact?.timings ?? []) {
  const target = t.memory === 'trained' ? 0.1 : 0.25;
  check(`exact evaluation, ${t.memory} memory, ${t.objective}`, `${t.seconds.toFixed(3)} s`, `< ${target} s`, t.seconds < target);
}
for (const s of report.sweep ?? []) console.log(`sweep of ${s.cells} cells on ${s.threads} thread(s): ${s.seconds.toFixed(2)} s`);
if (report.reproduce) console.log(`dra reproduce all (full) on ${report.reproduce.threads} threads: ${report.reproduce.seconds.toFixed(0)} s`);
console.log(`pinning: ${report.pinning.pinned ? `core ${report.pinning.core}` : report.pinning.reason}`);
console.log(rows.join('\n'));
console.log('the whole report: bench-report.json');
// A missed target fails the command, so a script or CI job that runs it sees it.
if (rows.some((row) => row.startsWith('MISSES'))) process.exitCode = 1;

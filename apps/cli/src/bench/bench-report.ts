import type { ExactTiming } from './exact-timing.js';
import type { Pinning } from './cpu-pinning.js';
import type { PathTiming } from './path-timing.js';
import type { ReproduceTiming, SweepTiming } from './child-timing.js';

/** Everything one `dra bench` measured (`--json` prints it as it is). */
export interface BenchReport {
  readonly episodes: number;
  readonly pinning: Pinning;
  readonly paths?: PathTiming;
  readonly exact?: { readonly repeats: number; readonly timings: readonly ExactTiming[] };
  readonly sweep?: readonly SweepTiming[];
  readonly reproduce?: ReproduceTiming;
}

const KERNEL_NAMES = { wasm: 'WebAssembly', typescript: 'TypeScript', exact: 'exact' } as const;
const rate = (stepsPerSecond: number) => `${(stepsPerSecond / 1e6).toFixed(2)} M/s`;

/** The report as lines of text. */
export function benchText(report: BenchReport): string {
  const lines: string[] = [];
  const where = report.pinning.pinned ? `pinned to core ${report.pinning.core}` : `not pinned (${report.pinning.reason})`;
  const { paths, exact, sweep, reproduce } = report;
  if (paths) {
    lines.push(`training paths, ${report.episodes} episodes at most, median of ${paths.rounds} rounds, ${where}:`);
    for (const p of paths.paths) {
      const placement = `episodes in ${KERNEL_NAMES[p.kernel.episodes]}, gradient ${p.kernel.gradient === 'exact' ? 'exact' : `in ${KERNEL_NAMES[p.kernel.gradient]}`}`;
      lines.push(`  ${p.label.padEnd(40)} ${rate(p.stepsPerSecond).padStart(10)}  x${p.ratioToReference.toFixed(2)} of maze 'A'  (${placement}; ${p.minorGcsPerMillionSteps.toFixed(1)} minor GCs per M steps)`);
    }
    if (paths.anchor) lines.push(`  ${'C anchor (--baseline)'.padEnd(40)} ${rate(paths.anchor.stepsPerSecond).padStart(10)}  maze 'A' / anchor ${paths.anchor.ratio.toFixed(3)} (median of the per-round ratios)`);
    else lines.push('  no --baseline: no C anchor figure (pnpm bench passes tooling/maze-reference-c)');
  }
  if (exact) {
    lines.push(`exact evaluator, maze, value and gradient, median of ${exact.repeats}, ${where}:`);
    const anchor = paths?.anchor?.stepsPerSecond;
    for (const t of exact.timings) {
      const inAnchorSteps = anchor === undefined ? '' : ` (the C anchor's ${(t.seconds * anchor / 1e6).toFixed(2)} M steps)`;
      lines.push(`  ${`${t.memory} memory, ${t.objective}`.padEnd(48)} ${t.seconds.toFixed(3)} s${inAnchorSteps}`);
    }
  }
  if (sweep) {
    lines.push(`sweep throughput, ${sweep[0]?.cells ?? 0} maze cells of 5000 episodes, dra sweep start-up included:`);
    const one = sweep.find((s) => s.threads === 1);
    for (const s of sweep) lines.push(`  ${`${s.threads} thread${s.threads === 1 ? '' : 's'}`.padEnd(10)} ${s.seconds.toFixed(2)} s, ${s.cellsPerSecond.toFixed(2)} cells/s${one && s !== one ? `, speed-up ${(one.seconds / s.seconds).toFixed(2)}` : ''}`);
  }
  if (reproduce) lines.push(`dra reproduce all (full length) on ${reproduce.threads} threads: ${reproduce.seconds.toFixed(0)} s wall`);
  return `${lines.join('\n')}\n`;
}

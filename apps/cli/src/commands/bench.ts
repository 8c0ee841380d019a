import type { Command } from 'commander';
import { pinToOneCore } from '../bench/cpu-pinning.js';
import { timeExactEvaluations } from '../bench/exact-timing.js';
import { timePaths } from '../bench/path-timing.js';
import { benchText, type BenchReport } from '../bench/bench-report.js';
import { timeReproduceAll, timeSweeps } from '../bench/child-timing.js';
import { benchPaths } from '../bench/training-paths.js';
import { toJson } from '../json-output.js';
import { wholeNumber } from '../parse-flag.js';
import { createToolkit } from '../toolkit.js';
import { UsageError } from '../usage-error.js';

/** The parts of `dra bench`, in the order they run. */
const SECTIONS = ['paths', 'exact', 'sweep', 'reproduce'] as const;
type Section = (typeof SECTIONS)[number];

interface BenchFlags {
  episodes: number;
  seed: number;
  repeat: number;
  baseline?: string;
  sections: string;
  json?: boolean;
}

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description("time every training path beside the maze 'A' path and the C anchor, the exact evaluator, sweeps on 1 and 2 threads and dra reproduce all")
    .option('--episodes <n>', 'episodes per training run at most (the presets may have fewer)', wholeNumber, 5000)
    .option('--seed <n>', 'seed of the first round (later rounds use seed + i)', wholeNumber, 1)
    .option('--repeat <n>', 'rounds (the paths and the anchor alternate) and exact evaluations to take the median of', wholeNumber, 5)
    .option('--baseline <command>', "the C anchor: a command printing JSON with 'steps_per_sec', run once per round between the paths")
    .option('--sections <list>', `what to time, comma-separated: ${SECTIONS.join(', ')} (reproduce runs dra reproduce all at full length, tens of minutes, so it is left out unless named)`, 'paths,exact,sweep')
    .option('--json', 'print one JSON object on stdout')
    .action((flags: BenchFlags) => benchCommand(flags));
}

async function benchCommand(flags: BenchFlags): Promise<void> {
  if (flags.episodes < 1) throw new UsageError(`--episodes must be a whole number >= 1, got ${flags.episodes}`);
  if (flags.repeat < 1) throw new UsageError(`--repeat must be a whole number >= 1, got ${flags.repeat}`);
  if (flags.baseline !== undefined && flags.baseline.trim() === '') throw new UsageError('--baseline must be a command, got an empty string');
  const sections = parseSections(flags.sections);
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const registry = createToolkit().environments;
  // The single-core sections: pinned so that shared machines' other load moves less, and so the C anchor (a child) runs on the same core.
  const { pinning, release } = sections.has('paths') || sections.has('exact') ? pinToOneCore() : { pinning: { pinned: false, reason: 'no single-core section' } as const, release: () => {} };
  let report: BenchReport = { episodes: flags.episodes, pinning };
  try {
    if (sections.has('paths')) {
      progress('timing the training paths...');
      report = { ...report, paths: await timePaths(benchPaths(registry, flags.episodes), registry, { rounds: flags.repeat, seed: flags.seed, baseline: flags.baseline, onProgress: progress }) };
    }
    if (sections.has('exact')) {
      progress('timing the exact evaluator...');
      report = { ...report, exact: { repeats: flags.repeat, timings: timeExactEvaluations(registry, flags.repeat) } };
    }
  } finally {
    release();
  }
  if (sections.has('sweep')) {
    progress('timing a sweep on 1 and 2 threads...');
    report = { ...report, sweep: timeSweeps([1, 2]) };
  }
  if (sections.has('reproduce')) {
    progress('timing dra reproduce all (full length)...');
    report = { ...report, reproduce: timeReproduceAll() };
  }
  process.stdout.write(flags.json ? `${toJson(report)}\n` : benchText(report));
}

/** The --sections list as a set, naming an unknown entry. */
function parseSections(list: string): Set<Section> {
  const names = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const name of names) {
    if (!(SECTIONS as readonly string[]).includes(name)) throw new UsageError(`--sections: unknown section ${JSON.stringify(name)} (known: ${SECTIONS.join(', ')})`);
  }
  if (names.length === 0) throw new UsageError(`--sections must name at least one of ${SECTIONS.join(', ')}, got ${JSON.stringify(list)}`);
  return new Set(names as Section[]);
}

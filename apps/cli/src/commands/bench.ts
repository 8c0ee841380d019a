import { execSync } from 'node:child_process';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { defaultSettings, runExperiment, type KernelPlacement } from '@dra/agent';
import type { Command } from 'commander';
import { toJson } from '../json-output.js';
import { wholeNumber } from '../parse-flag.js';
import { UsageError } from '../usage-error.js';

const KERNEL_NAMES = { wasm: 'WebAssembly', typescript: 'TypeScript' } as const;

/** Least time spent on untimed runs before timing. */
const WARM_UP_MS = 2000;

interface BenchFlags {
  episodes: number;
  seed: number;
  repeat: number;
  baseline?: string;
  json?: boolean;
}

/** One timed run of ours: its steps, training-loop seconds and where its episodes ran. */
interface Run {
  steps: number;
  seconds: number;
  kernel: KernelPlacement;
}

interface Measurement {
  stepsPerSecond: number;
  steps: number;
  seconds: number;
  minorGcs: number;
  kernel: KernelPlacement;
}

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description("time the maze workload (paper settings) in environment steps per second")
    .option('--episodes <n>', 'episodes per run', wholeNumber, 5000)
    .option('--seed <n>', 'seed of the first run (later repeats use seed + i)', wholeNumber, 1)
    .option('--repeat <n>', 'runs to take the median of', wholeNumber, 3)
    .option('--baseline <command>', "also run this command (printing JSON with 'steps_per_sec') and report the ratio")
    .option('--json', 'print one JSON object on stdout')
    .action((flags: BenchFlags) => benchCommand(flags));
}

async function benchCommand(flags: BenchFlags): Promise<void> {
  if (flags.episodes < 1) throw new UsageError(`--episodes must be a whole number >= 1, got ${flags.episodes}`);
  if (flags.repeat < 1) throw new UsageError(`--repeat must be a whole number >= 1, got ${flags.repeat}`);
  if (flags.baseline !== undefined && flags.baseline.trim() === '') throw new UsageError('--baseline must be a command, got an empty string');
  // Warm-up: the JIT and WebAssembly tier-up compile in the background for about a second
  // (longer on a loaded machine); time the steady state, as a long experiment runs.
  const warmUpStarted = performance.now();
  let warmUpRuns = 0;
  while (warmUpRuns < 1 || performance.now() - warmUpStarted < WARM_UP_MS) {
    runOurs(flags.episodes, flags.seed + warmUpRuns);
    warmUpRuns++;
  }
  const ours: Measurement[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < flags.repeat; i++) {
    ours.push(await measure(() => runOurs(flags.episodes, flags.seed + i)));
    if (flags.baseline !== undefined) baseline.push(runBaseline(flags.baseline));
  }
  const oursMedian = median(ours.map((m) => m.stepsPerSecond));
  const kernel = ours[ours.length - 1]!.kernel;
  const baselineMedian = baseline.length > 0 ? median(baseline) : undefined;
  const steps = ours.reduce((s, m) => s + m.steps, 0);
  const gcs = ours.reduce((s, m) => s + m.minorGcs, 0);
  const result = {
    workload: 'maze, paper settings',
    episodes: flags.episodes,
    repeats: flags.repeat,
    kernel,
    stepsPerSecond: oursMedian,
    runs: ours,
    minorGcsPerMillionSteps: (gcs / steps) * 1e6,
    ...(baselineMedian !== undefined
      ? { baseline: { command: flags.baseline, stepsPerSecond: baselineMedian, runs: baseline }, ratio: oursMedian / baselineMedian }
      : {}),
  };
  if (flags.json) {
    process.stdout.write(`${toJson(result)}\n`);
    return;
  }
  const lines = [
    `maze workload, paper settings, ${flags.episodes} episodes, median of ${flags.repeat} runs`,
    `dra: ${(oursMedian / 1e6).toFixed(2)} M environment steps/s (${ours.map((m) => (m.stepsPerSecond / 1e6).toFixed(2)).join(', ')}); episodes in ${KERNEL_NAMES[kernel.episodes]}, sigma gradient ${kernel.gradient === 'exact' ? 'exact' : `in ${KERNEL_NAMES[kernel.gradient]}`}`,
    `minor garbage collections in the training loop: ${gcs} over ${steps} steps`,
  ];
  if (baselineMedian !== undefined) {
    lines.push(`baseline: ${(baselineMedian / 1e6).toFixed(2)} M environment steps/s (${baseline.map((b) => (b / 1e6).toFixed(2)).join(', ')})`);
    lines.push(`ratio dra / baseline: ${(oursMedian / baselineMedian).toFixed(3)}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

function runOurs(episodes: number, seed: number): Run {
  const record = runExperiment({ ...defaultSettings('maze'), episodes, seed });
  return { steps: record.steps.total, seconds: record.seconds, kernel: record.kernel };
}

/** Runs `run` and counts the minor GCs that happen meanwhile. */
async function measure(run: () => Run): Promise<Measurement> {
  let minorGcs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) minorGcs++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const { steps, seconds, kernel } = run();
  await new Promise((resolve) => setTimeout(resolve, 20));
  observer.disconnect();
  return { stepsPerSecond: steps / seconds, steps, seconds, minorGcs, kernel };
}

function runBaseline(command: string): number {
  let output: string;
  try {
    output = execSync(command, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], shell: '/bin/sh' });
  } catch (error) {
    throw new UsageError(`--baseline command failed: ${command}\n${(error as Error).message}`);
  }
  const line = output.trim().split('\n').pop() ?? '';
  let parsed: { steps_per_sec?: unknown; stepsPerSecond?: unknown };
  try {
    parsed = JSON.parse(line) as typeof parsed;
  } catch {
    throw new UsageError(`--baseline command did not print JSON on its last line: ${line.slice(0, 200)}`);
  }
  const rate = parsed.steps_per_sec ?? parsed.stepsPerSecond;
  if (typeof rate !== 'number' || !(rate > 0)) throw new UsageError("--baseline output has no positive 'steps_per_sec'");
  return rate;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

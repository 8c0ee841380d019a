import { constants, PerformanceObserver } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { runExperiment, type KernelPlacement } from '@dra/agent';
import type { EnvironmentRegistry } from '@dra/environments';
import { median, runBaseline } from './baseline-command.js';
import { type BenchPath, REFERENCE_PATH } from './training-paths.js';

/** Least time spent on untimed runs before timing: the JIT and WebAssembly tier-up finish meanwhile. */
const WARM_UP_MS = 2000;

/** One path's speed: the median over rounds, and its ratio to the maze 'A' path of the same rounds. */
export interface PathResult {
  readonly id: string;
  readonly label: string;
  readonly kernel: KernelPlacement;
  /** Median steps per second of the training loop over the rounds. */
  readonly stepsPerSecond: number;
  readonly runs: readonly number[];
  /** Median over rounds of (this path / maze 'A') in the same round. */
  readonly ratioToReference: number;
  /** Minor garbage collections per million steps, over every round. */
  readonly minorGcsPerMillionSteps: number;
}

/** The C anchor (or another baseline command) timed in the same rounds, between the paths. */
export interface AnchorResult {
  readonly command: string;
  readonly stepsPerSecond: number;
  readonly runs: readonly number[];
  /** Median over rounds of (maze 'A' / anchor) in the same round. */
  readonly ratio: number;
}

export interface PathTiming {
  readonly rounds: number;
  readonly paths: readonly PathResult[];
  readonly anchor: AnchorResult | null;
}

/**
 * Times every path once per round (seeds seed, seed + 1, ...), the baseline command after the
 * paths of each round, so that each ratio compares runs of the same round (median of `rounds`
 * alternations). A warm-up of about two seconds of shorter runs comes first.
 */
export async function timePaths(
  paths: readonly BenchPath[],
  registry: EnvironmentRegistry,
  options: { rounds: number; seed: number; baseline?: string; onProgress?: (line: string) => void },
): Promise<PathTiming> {
  const warmUpStarted = performance.now();
  do {
    for (const path of paths) runExperiment({ ...path.settings, episodes: Math.max(1, Math.ceil(path.settings.episodes / 10)) }, { registry });
  } while (performance.now() - warmUpStarted < WARM_UP_MS);
  const gcs = countMinorGcs();
  const rates = paths.map(() => [] as number[]);
  const steps = paths.map(() => 0);
  const collections = paths.map(() => 0);
  const kernels: KernelPlacement[] = [];
  const anchor: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    for (const [i, path] of paths.entries()) {
      const before = gcs.count;
      const record = runExperiment({ ...path.settings, seed: options.seed + round }, { registry });
      await sleep(5); // the observer's entries arrive on the event loop
      collections[i]! += gcs.count - before;
      rates[i]!.push(record.steps.total / record.seconds);
      steps[i]! += record.steps.total;
      kernels[i] = record.kernel;
    }
    if (options.baseline !== undefined) anchor.push(runBaseline(options.baseline));
    options.onProgress?.(`round ${round + 1} of ${options.rounds}: ${paths.map((p, i) => `${p.id} ${(rates[i]!.at(-1)! / 1e6).toFixed(2)} M/s`).join(', ')}${anchor.length > round ? `, anchor ${(anchor[round]! / 1e6).toFixed(2)} M/s` : ''}`);
  }
  gcs.stop();
  const reference = Math.max(0, paths.findIndex((p) => p.id === REFERENCE_PATH));
  const perRound = (i: number, against: readonly number[]) => median(rates[i]!.map((rate, round) => rate / against[round]!));
  return {
    rounds: options.rounds,
    paths: paths.map((path, i) => ({
      id: path.id,
      label: path.label,
      kernel: kernels[i]!,
      stepsPerSecond: median(rates[i]!),
      runs: rates[i]!,
      ratioToReference: perRound(i, rates[reference]!),
      minorGcsPerMillionSteps: (collections[i]! / steps[i]!) * 1e6,
    })),
    anchor: options.baseline === undefined ? null : { command: options.baseline, stepsPerSecond: median(anchor), runs: anchor, ratio: perRound(reference, anchor) },
  };
}

/** A running count of minor garbage collections. */
function countMinorGcs(): { readonly count: number; stop(): void } {
  const counter = { count: 0, stop: () => observer.disconnect() };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) counter.count++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return counter;
}

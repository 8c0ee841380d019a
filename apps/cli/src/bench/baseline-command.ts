import { execSync } from 'node:child_process';
import { UsageError } from '../usage-error.js';

/**
 * Runs a baseline command (the C anchor: `pnpm bench` passes tooling/maze-reference-c) and
 * returns its steps per second, from 'steps_per_sec' (or 'stepsPerSecond') of the JSON object
 * on its last line of output. A failing command or output without a positive rate is bad input.
 */
export function runBaseline(command: string): number {
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

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

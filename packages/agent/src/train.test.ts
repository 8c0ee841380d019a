import type { MemoryTable } from '@dra/core';
import { describe, expect, it } from 'vitest';
import { runExperiment } from './experiment.js';
import { defaultSettings, validateRunSettings, type RunSettings } from './run-settings.js';

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const sd = (a: number[]) => Math.sqrt(a.reduce((s, v) => s + (v - mean(a)) ** 2, 0) / (a.length - 1));

function runSeeds(overrides: Partial<RunSettings>, seeds: number) {
  return Array.from({ length: seeds }, (_, i) => runExperiment({ ...defaultSettings('maze'), ...overrides, seed: 1000 + i }));
}

/** |mean_ours - mean_reference| in units of the standard error of the difference. */
function zAgainstReference(ours: number[], referenceMean: number, referenceSd: number, referenceRuns: number): number {
  return Math.abs(mean(ours) - referenceMean) / Math.sqrt(sd(ours) ** 2 / ours.length + referenceSd ** 2 / referenceRuns);
}

/** The C reference's figures: mean +- sd over its seeds 1 to 100 (tooling/maze-reference-c README). */
const REFERENCE_RUNS = 100;

describe('DRA on the maze, paper settings, against the C reference (tooling/maze-reference-c README)', () => {
  it('final objective at 1000 episodes: C reference -12.76 +- 0.74 (sd over seeds); steps 587k +- 28k per run', () => {
    const runs = runSeeds({ episodes: 1000 }, 24);
    const finals = runs.map((r) => r.final.objective);
    const steps = runs.map((r) => r.steps.total);
    expect(zAgainstReference(finals, -12.76, 0.74, REFERENCE_RUNS)).toBeLessThan(4);
    expect(zAgainstReference(steps, 587_000, 28_000, REFERENCE_RUNS)).toBeLessThan(4);
    expect(mean(finals)).toBeGreaterThan(-14);
    expect(mean(finals)).toBeLessThan(-11.5);
  });

  it('objective at episode 500: C reference -14.08 +- 0.55 with sigma0 = 1 and -33.85 +- 3.17 with sigma0 = 5', () => {
    const at500 = (sigma0: number) => runSeeds({ episodes: 501, sigma0 }, 12).map((r) => r.curve.find((p) => p.episode === 500)!.objective);
    const high = at500(1);
    const low = at500(5);
    expect(zAgainstReference(high, -14.08, 0.55, REFERENCE_RUNS)).toBeLessThan(4);
    expect(zAgainstReference(low, -33.85, 3.17, REFERENCE_RUNS)).toBeLessThan(4);
    expect(mean(high)).toBeGreaterThan(mean(low) + 10); // high initial resources converge faster
  });

  it('memory cost starts near 24 for sigma0 = 1 and near 0 for sigma0 = 5 (docs/tasks.md 1)', () => {
    const [one] = runSeeds({ episodes: 1, sigma0: 1 }, 1);
    const [five] = runSeeds({ episodes: 1, sigma0: 5 }, 1);
    expect(one!.curve[0]!.memoryCost).toBeGreaterThan(22);
    expect(one!.curve[0]!.memoryCost).toBeLessThan(25);
    expect(five!.curve[0]!.memoryCost).toBeLessThan(0.5);
  });
});

describe('runExperiment', () => {
  it('is deterministic for a seed: same curve, memory and step counts', () => {
    const a = runExperiment({ ...defaultSettings('maze'), episodes: 150, seed: 9 });
    const b = runExperiment({ ...defaultSettings('maze'), episodes: 150, seed: 9 });
    expect(JSON.stringify([a.curve, a.memory, a.steps])).toBe(JSON.stringify([b.curve, b.memory, b.steps]));
    const c = runExperiment({ ...defaultSettings('maze'), episodes: 150, seed: 10 });
    expect(JSON.stringify(c.memory)).not.toBe(JSON.stringify(a.memory));
  });

  it('keeps training independent of how often it evaluates (separate RNG streams)', () => {
    const a = runExperiment({ ...defaultSettings('maze'), episodes: 120, seed: 4, evalEvery: 100 });
    const b = runExperiment({ ...defaultSettings('maze'), episodes: 120, seed: 4, evalEvery: 7 });
    expect(JSON.stringify(a.memory)).toBe(JSON.stringify(b.memory));
  });

  it('shows onStart the live memory table it trains, ending equal to the saved memory', () => {
    let seen: { memory: MemoryTable; states: number } | undefined;
    const sigmaAtStart: number[] = [];
    const r = runExperiment({ ...defaultSettings('maze'), episodes: 60, seed: 3, sigma0: 2 }, {
      onStart: ({ memory, environment }) => {
        seen = { memory, states: environment.stateCount };
        sigmaAtStart.push(...memory.sigma);
      },
    });
    expect(sigmaAtStart.every((s) => s === 2)).toBe(true);
    expect(seen!.states).toBe(54);
    expect(JSON.stringify(seen!.memory.toRows())).toBe(JSON.stringify(r.memory));
  });

  it('keeps sigma within its clip range and writes one memory row per cell', () => {
    const r = runExperiment({ ...defaultSettings('maze'), episodes: 50, seed: 2 });
    expect(r.memory.sigma).toHaveLength(54);
    expect(r.memory.sigma.flat().every((s) => s >= 0.01 && s <= 100)).toBe(true);
  });

  it('validates every setting, naming field and value', () => {
    const bad = { ...defaultSettings('maze'), lambda: -0.1, beta: 0, sigma0: Number.NaN, episodes: 1.5, estimator: 'B' as never };
    const fields = validateRunSettings(bad).map((p) => `${p.field}=${String(p.value)}`);
    expect(fields).toEqual(['estimator=B', 'episodes=1.5', 'lambda=-0.1', 'beta=0', 'sigma0=NaN']);
    expect(() => runExperiment(bad)).toThrow(/lambda must be a finite number >= 0, got -0.1/);
  });
});

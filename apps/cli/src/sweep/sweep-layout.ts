import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { InputFileDigest } from '../input-file-digests.js';
import { UsageError } from '../usage-error.js';
import { shardLabel, type Shard } from './shard.js';
import type { Sweep } from './sweep-config.js';
import { MANIFEST_FILE, manifestOf, readManifest, writeManifest, type SweepManifest } from './sweep-directory.js';
import { hasPlan, writePlan } from './sweep-plan.js';

export interface SweepLayoutOptions {
  sweep: Sweep;
  /** The sweep directory: `sweep.json`, `plan.jsonl`, `cells/<id>.json`, and when complete `results.csv` and `results.jsonl`. */
  out: string;
  shard: Shard | null;
  /** Go on with a sweep already laid out in `out` (same config and shard). */
  resume: boolean;
  /** Absolute paths of --plugin modules; every worker loads them before its first cell. */
  plugins?: readonly string[];
  /** The files the cells' path options name, with their digests now (see `sweepInputFiles`). */
  inputFiles?: InputFileDigest[];
}

/** Checks that `out` can hold this sweep (fresh, or the same sweep with `resume`); writes nothing. */
export function checkSweepDirectory(options: Pick<SweepLayoutOptions, 'sweep' | 'out' | 'shard' | 'resume'>): void {
  const { sweep, out, shard, resume } = options;
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new UsageError(`--out '${out}' exists and is not a directory`);
  if (!existsSync(join(out, MANIFEST_FILE))) {
    if (readdirSync(out).length > 0) throw new UsageError(`--out '${out}' is not empty and holds no sweep (no ${MANIFEST_FILE}); choose a new directory`);
    return;
  }
  const manifest = readManifest(out);
  if (!resume) throw new UsageError(`--out '${out}' already holds a sweep; pass --resume to finish it (or start more workers on it: dra sweep work ${out}), or choose a new directory`);
  if (manifest.configHash !== sweep.configHash) {
    throw new UsageError(`--resume: '${out}' holds a different sweep (config hash ${manifest.configHash.slice(0, 12)}, this config's is ${sweep.configHash.slice(0, 12)})`);
  }
  if (manifest.shard !== shardLabel(shard)) {
    throw new UsageError(`--resume: '${out}' holds shard ${manifest.shard ?? 'none (the whole sweep)'}, not ${shardLabel(shard) ?? 'the whole sweep'}`);
  }
}

/**
 * Lays a sweep out in `out`: the manifest and the plan (every cell's settings), so that any
 * number of `dra sweep work` processes can share its cells. A directory that already holds
 * the same sweep is kept as it is (`resume`).
 */
export function layOutSweep(options: SweepLayoutOptions): SweepManifest {
  checkSweepDirectory(options);
  const { sweep, out, shard } = options;
  if (existsSync(join(out, MANIFEST_FILE))) {
    const laid = readManifest(out);
    let manifest = laid;
    // Laid out by an older dra: it wrote no plan, and kept no plugins for the workers to load.
    if (!hasPlan(out)) manifest = { ...manifest, planSha256: writePlan(out, sweep.cells) };
    if (manifest.plugins === undefined && (options.plugins ?? []).length > 0) manifest = { ...manifest, plugins: [...options.plugins!] };
    if (manifest !== laid) writeManifest(out, manifest);
    return manifest;
  }
  // The plan first: a directory with a manifest is a laid-out sweep.
  mkdirSync(out, { recursive: true });
  const planSha256 = writePlan(out, sweep.cells);
  const manifest = manifestOf(sweep, shardLabel(shard), { plugins: [...(options.plugins ?? [])], inputFiles: options.inputFiles ?? [], planSha256 });
  writeManifest(out, manifest);
  return manifest;
}

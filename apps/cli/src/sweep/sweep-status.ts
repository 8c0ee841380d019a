import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPORARY_PREFIX } from '../atomic-file.js';
import { allCurrentClaims, DEFAULT_LEASE_SECONDS } from './cell-claims.js';
import { readFailedCells } from './failed-cells.js';
import { inShard, shardOfLabel } from './shard.js';
import { cellId } from './sweep-config.js';
import { CELLS_FOLDER, readManifest } from './sweep-directory.js';

/** A cell some worker holds. */
export interface RunningCell {
  id: string;
  host: string | null;
  pid: number | null;
  /** Seconds since the holder last renewed its lease. */
  leaseAgeSeconds: number;
  /** The holder's lease period (the default when its claim cannot be read); a lease older than this is expired (the holder died or hangs) and the cell will be claimed again. */
  leaseSeconds: number;
  expired: boolean;
  /** 1 for a first claim, more for a cell taken over from a worker whose lease ran out. */
  generation: number;
}

/** What `dra sweep status` reports. */
export interface SweepStatus {
  dir: string;
  configHash: string;
  shard: string | null;
  /** Cells of the directory's share (all cells of the sweep without a shard). */
  cells: number;
  done: number;
  running: RunningCell[];
  failed: { id: string; error: string; host: string }[];
  /** Neither done, failed nor held by a live lease. */
  remaining: number;
  /** results.csv and results.jsonl are written. */
  merged: boolean;
  /** Cells finished per second lately (see `paceOf`), or null before two have finished. */
  cellsPerSecond: number | null;
  /** Seconds until every cell is done at that pace (null without a pace, or with no worker at work). */
  etaSeconds: number | null;
}

/** The pace is that of the last finished cells, at most this many, since the last pause. */
const PACE_WINDOW = 50;
/** A gap between two finished cells this many times the mean of the other gaps is a pause (no worker ran): the pace starts after it. */
const PAUSE_FACTOR = 10;

export function sweepStatus(dir: string, now = Date.now()): SweepStatus {
  const manifest = readManifest(dir);
  const shard = shardOfLabel(manifest.shard);
  const shareIds = new Set<string>();
  for (let index = 0; index < manifest.cellCount; index++) if (inShard(index, shard)) shareIds.add(cellId(index, manifest.cellCount));
  const finishTimes: number[] = [];
  const doneIds = new Set<string>();
  let names: string[] = [];
  try {
    names = readdirSync(join(dir, CELLS_FOLDER));
  } catch {
    // no cell finished yet
  }
  for (const name of names) {
    if (name.startsWith(TEMPORARY_PREFIX) || !name.endsWith('.json')) continue;
    const id = name.slice(0, -'.json'.length);
    if (!shareIds.has(id)) continue;
    doneIds.add(id);
    const modified = statSync(join(dir, CELLS_FOLDER, name), { throwIfNoEntry: false })?.mtimeMs;
    if (modified !== undefined) finishTimes.push(modified);
  }
  const failed = readFailedCells(dir)
    .filter((f) => shareIds.has(f.id))
    .map((f) => ({ id: f.id, error: f.error, host: f.host }));
  const failedIds = new Set(failed.map((f) => f.id));
  const running: RunningCell[] = [];
  for (const [id, claim] of allCurrentClaims(dir, now)) {
    if (!shareIds.has(id) || doneIds.has(id) || failedIds.has(id)) continue;
    // A claim whose holder cannot be read is judged by the default lease.
    const leaseSeconds = typeof claim.holder?.leaseSeconds === 'number' ? claim.holder.leaseSeconds : DEFAULT_LEASE_SECONDS;
    const leaseAgeSeconds = claim.leaseAgeMs / 1000;
    running.push({ id, host: claim.holder?.host ?? null, pid: claim.holder?.pid ?? null, leaseAgeSeconds, leaseSeconds, expired: leaseAgeSeconds > leaseSeconds, generation: claim.generation });
  }
  running.sort((a, b) => (a.id < b.id ? -1 : 1));
  const live = running.filter((r) => !r.expired).length;
  const remaining = shareIds.size - doneIds.size - failed.length - live;
  const cellsPerSecond = paceOf(finishTimes);
  const left = remaining + live;
  const etaSeconds = left === 0 ? 0 : cellsPerSecond !== null && live > 0 ? left / cellsPerSecond : null;
  let merged = false;
  try {
    merged = statSync(join(dir, 'results.csv')).isFile() && statSync(join(dir, 'results.jsonl')).isFile();
  } catch {
    merged = false;
  }
  return { dir, configHash: manifest.configHash, shard: manifest.shard, cells: shareIds.size, done: doneIds.size, running, failed, remaining, merged, cellsPerSecond, etaSeconds };
}

/**
 * Cells finished per second: over the last `PACE_WINDOW` finish times (ms), from after the
 * last pause (a sweep resumed after a day keeps no trace of the day); null with fewer than two.
 */
export function paceOf(finishTimes: readonly number[]): number | null {
  const recent = [...finishTimes].sort((a, b) => a - b).slice(-PACE_WINDOW);
  const gaps = recent.slice(1).map((t, k) => t - recent[k]!);
  const total = gaps.reduce((sum, gap) => sum + gap, 0);
  // Each gap against the mean of the others: workers that finish cells in bunches give many
  // near-zero gaps, which a median would take for the normal gap.
  let start = 0;
  gaps.forEach((gap, k) => {
    const others = gaps.length > 1 ? (total - gap) / (gaps.length - 1) : Infinity;
    if (gap > PAUSE_FACTOR * others) start = k + 1;
  });
  const kept = recent.slice(start);
  const span = kept.length >= 2 ? (kept[kept.length - 1]! - kept[0]!) / 1000 : 0;
  return span > 0 ? (kept.length - 1) / span : null;
}

/** The status as lines for a terminal. */
export function statusText(status: SweepStatus): string {
  const lines = [
    `sweep ${status.dir}${status.shard === null ? '' : ` (shard ${status.shard})`}: ${status.cells} cells, config hash ${status.configHash.slice(0, 12)}`,
    `  done ${status.done}, running ${status.running.filter((r) => !r.expired).length}, failed ${status.failed.length}, remaining ${status.remaining}`,
  ];
  for (const r of status.running) {
    const where = r.host === null ? 'an unreadable claim' : `${r.host} (pid ${r.pid})`;
    const lease = `lease renewed ${r.leaseAgeSeconds.toFixed(1)} s ago (of ${r.leaseSeconds} s)`;
    lines.push(`  ${r.expired ? 'expired' : 'running'} ${r.id} on ${where}, ${lease}${r.expired ? ': its worker is gone; the next worker claims it again' : ''}${r.generation > 1 ? `, claim ${r.generation}` : ''}`);
  }
  for (const f of status.failed) lines.push(`  failed  ${f.id}${f.host ? ` on ${f.host}` : ''}: ${f.error.split('\n')[0]}`);
  if (status.merged) lines.push(`  results: ${status.dir}/results.csv and results.jsonl`);
  else if (status.done === status.cells) lines.push(status.shard === null ? `  every cell is done: dra sweep merge ${status.dir}` : '  every cell of the shard is done: join the shards with dra merge DIR... --out DIR');
  else if (status.done + status.failed.length === status.cells) lines.push('  every cell is settled');
  else if (status.etaSeconds !== null && status.cellsPerSecond !== null) lines.push(`  about ${formatDuration(status.etaSeconds)} to go at ${(status.cellsPerSecond * 60).toFixed(1)} cells a minute (the pace of the last finished cells)`);
  else if (status.running.every((r) => r.expired) && status.remaining + status.running.length > 0) lines.push(`  no worker is at work: start some with dra sweep work ${status.dir}`);
  if (status.failed.length > 0) lines.push(`  failed cells: run them again with dra sweep work ${status.dir} --retry-failed, or merge without them: dra sweep merge ${status.dir} --allow-failed`);
  return `${lines.join('\n')}\n`;
}

function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

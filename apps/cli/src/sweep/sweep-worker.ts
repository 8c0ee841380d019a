import { existsSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { Piscina } from 'piscina';
import { usefulThreads } from '../thread-count.js';
import { unwrapThreadResult, type ThreadFailure } from '../thread-failure.js';
import type { CellOutcome } from './cell-record.js';
import { newWorkerName, tidyClaims, type HeldClaim } from './cell-claims.js';
import { ClaimQueue } from './claim-queue.js';
import { HeldClaims } from './held-claims.js';
import { clearFailedCells, failedCellPath, failureKind, writeFailedCell, type FailedCell } from './failed-cells.js';
import { inShard, shardOfLabel } from './shard.js';
import type { SweepCell } from './sweep-config.js';
import { isCellDone, writeCell, type SweepManifest } from './sweep-directory.js';

export interface SweepWorkOptions {
  /** A laid-out sweep directory. */
  dir: string;
  manifest: SweepManifest;
  /** The sweep's cells (its plan). */
  cells: readonly SweepCell[];
  /** Cells run at once, each on its own worker thread. */
  threads: number;
  /** A claim whose lease was not renewed for this long is taken for a dead worker's, and its cell is claimed again. */
  leaseSeconds: number;
  /** Run again the cells recorded as failed (of this directory's share). */
  retryFailed?: boolean;
  /** Throws when the files the cells read changed: called before each result is written. */
  checkInputs?: () => void;
  /** Called after each cell this worker finishes, with the share's settled (done or failed) cells. */
  onCell?: (settled: number, total: number) => void;
}

export interface SweepWorkSummary {
  /** Cells this worker ran to a result. */
  ran: number;
  /** Cells this worker recorded as failed. */
  failed: FailedCell[];
  seconds: number;
}

/**
 * How often a waiting worker looks again at the cells other workers hold (a directory listing
 * and a few file checks): often enough that the last worker out does not hold up the sweep's end.
 */
const MAX_POLL_MS = 100;

/**
 * One worker of a sweep: claims the directory's unfinished cells one at a time (see
 * `cell-claims.ts`), runs each on a pool of worker threads, writes each result atomically,
 * and renews its leases while the cells run. A cell that throws is recorded in `failed/` and
 * the worker goes on. It returns when every cell of the directory's share is done or failed,
 * having waited for cells other workers hold and taken over those whose lease ran out.
 * SIGINT and SIGTERM give the claims back at once, so other workers need not wait out a lease.
 */
export async function workOnSweep(options: SweepWorkOptions): Promise<SweepWorkSummary> {
  const { dir, manifest, threads } = options;
  const leaseMs = options.leaseSeconds * 1000;
  const started = performance.now();
  const shard = shardOfLabel(manifest.shard);
  const share = options.cells.filter((cell) => inShard(cell.index, shard));
  if (options.retryFailed) clearFailedCells(dir, new Set(share.map((c) => c.id)));
  const settledId = (id: string) => isCellDone(dir, id) || existsSync(failedCellPath(dir, id));
  tidyClaims(dir, leaseMs, settledId);
  let settledCount = share.filter((cell) => settledId(cell.id)).length;
  const progress = () => options.onCell?.(++settledCount, share.length);
  const todo = share.filter((cell) => !settledId(cell.id));
  const summary: SweepWorkSummary = { ran: 0, failed: [], seconds: 0 };
  options.onCell?.(settledCount, share.length);
  if (todo.length > 0) {
    const queue = new ClaimQueue(dir, todo, newWorkerName(), leaseMs, (cell) => settledId(cell.id), progress);
    await runClaimedCells(options, queue, usefulThreads(threads, todo.length), summary, progress);
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/**
 * Runs the queue's cells on `threads` worker threads until none is left to claim or wait
 * for. A result that cannot be written (a full disk), a pool that failed, or input files
 * that changed stop every slot; the cells in flight are given back.
 */
async function runClaimedCells(options: SweepWorkOptions, queue: ClaimQueue, threads: number, summary: SweepWorkSummary, progress: () => void): Promise<void> {
  const { dir, manifest } = options;
  const leaseMs = options.leaseSeconds * 1000;
  const held = new HeldClaims(dir, leaseMs);
  const pool = new Piscina({ filename: new URL('./cell-worker.js', import.meta.url).href, minThreads: threads, maxThreads: threads, workerData: { plugins: manifest.plugins ?? [] } });
  let aborted = false;
  let poolError: unknown;
  pool.on('error', (error: unknown) => {
    poolError ??= error;
  });
  const runCell = async (cell: SweepCell, claim: HeldClaim) => {
    held.add(claim);
    let outcome: CellOutcome | undefined;
    let failure: unknown;
    try {
      outcome = unwrapThreadResult((await pool.run(cell.settings)) as CellOutcome | ThreadFailure);
    } catch (error) {
      failure = error;
    }
    if (aborted) return held.release(claim);
    // A worker thread that could not start (its plugins) is this worker's fault, not the cell's.
    if (poolError !== undefined) throw poolError;
    options.checkInputs?.();
    if (outcome !== undefined) {
      writeCell(dir, { configHash: manifest.configHash, index: cell.index, id: cell.id, parameters: cell.parameters, replicate: cell.replicate, settings: cell.settings, ...outcome });
      rmSync(failedCellPath(dir, cell.id), { force: true, recursive: true }); // a failure another worker recorded for this cell no longer stands
      summary.ran++;
    } else if (!isCellDone(dir, cell.id)) {
      const record = failedCellOf(cell, failure);
      writeFailedCell(dir, record);
      summary.failed.push(record);
    }
    held.release(claim, true);
    progress();
  };
  const slot = async () => {
    while (!aborted) {
      const next = queue.next();
      if (next !== null) {
        try {
          await runCell(next.cell, next.claim);
        } catch (error) {
          aborted = true;
          throw error;
        }
      } else if (queue.exhausted) return;
      // Every unsettled cell is held by another worker: wait for it to finish or its lease to run out.
      else await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_POLL_MS, leaseMs / 4)));
    }
  };
  try {
    await Promise.all(Array.from({ length: threads }, slot));
  } finally {
    held.stop();
    await pool.destroy();
  }
}

function failedCellOf(cell: SweepCell, failure: unknown): FailedCell {
  return {
    id: cell.id,
    index: cell.index,
    parameters: cell.parameters,
    replicate: cell.replicate,
    error: failure instanceof Error ? failure.message : String(failure),
    kind: failureKind(failure),
    host: hostname(),
    pid: process.pid,
    failedAt: new Date().toISOString(),
  };
}

import { existsSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { Piscina } from 'piscina';
import { usefulThreads } from '../thread-count.js';
import { unwrapThreadResult, type ThreadFailure } from '../thread-failure.js';
import type { CellOutcome, CellRecord } from './cell-record.js';
import { allCurrentClaims, leaseExpired, newWorkerName, releaseClaim, removeClaims, renewClaim, tidyClaims, tryClaim, type HeldClaim } from './cell-claims.js';
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
  const worker = newWorkerName();
  const shard = shardOfLabel(manifest.shard);
  const share = options.cells.filter((cell) => inShard(cell.index, shard));
  if (options.retryFailed) clearFailedCells(dir, new Set(share.map((c) => c.id)));
  const settled = (cell: SweepCell) => isCellDone(dir, cell.id) || existsSync(failedCellPath(dir, cell.id));
  tidyClaims(dir, leaseMs, (id) => isCellDone(dir, id) || existsSync(failedCellPath(dir, id)));
  let settledCount = share.filter(settled).length;
  const queue = share.filter((cell) => !settled(cell));
  const summary: SweepWorkSummary = { ran: 0, failed: [], seconds: 0 };
  options.onCell?.(settledCount, share.length);
  if (queue.length === 0) return { ...summary, seconds: (performance.now() - started) / 1000 };

  const held = new Set<HeldClaim>();
  const releaseAll = () => {
    for (const claim of held) releaseClaim(dir, claim);
    held.clear();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (held.size > 0) process.stderr.write(`dra: ${signal}: gave back ${[...held].map((c) => c.cellId).join(', ')} to the other workers\n`);
    releaseAll();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('exit', releaseAll);
  // First, before handlers that end the process (a directory lock's), so the claims are named as they go.
  process.prependListener('SIGINT', onSignal);
  process.prependListener('SIGTERM', onSignal);
  const lost = new Set<string>();
  const renewal = setInterval(() => {
    for (const claim of held) {
      if (renewClaim(dir, claim) || lost.has(claim.cellId)) continue;
      lost.add(claim.cellId);
      process.stderr.write(`dra: the lease of ${claim.cellId} ran out before it was renewed (a paused or overloaded worker); another worker may run it too, to the same result\n`);
    }
  }, Math.max(50, leaseMs / 4));
  renewal.unref();

  // Cells are visited in order once; those held by other workers are looked at again at the end.
  let cursor = 0;
  let waiting: SweepCell[] = [];
  const claimNext = (): { cell: SweepCell; claim: HeldClaim } | null => {
    const claims = allCurrentClaims(dir);
    const take = (cell: SweepCell): { cell: SweepCell; claim: HeldClaim } | 'settled' | 'busy' => {
      if (settled(cell)) {
        options.onCell?.(++settledCount, share.length); // settled by another worker
        const stale = claims.get(cell.id);
        if (stale !== undefined && leaseExpired(stale, leaseMs)) removeClaims(dir, cell.id); // left by a worker killed after writing the result
        return 'settled';
      }
      const current = claims.get(cell.id);
      if (current !== undefined && !leaseExpired(current, leaseMs)) return 'busy';
      const claim = tryClaim(dir, cell.id, worker, leaseMs);
      if (claim === null) return 'busy';
      // The cell may have been finished between the look and the claim.
      if (settled(cell)) {
        releaseClaim(dir, claim, true);
        options.onCell?.(++settledCount, share.length);
        return 'settled';
      }
      return { cell, claim };
    };
    while (cursor < queue.length) {
      const cell = queue[cursor++]!;
      const taken = take(cell);
      if (taken === 'busy') waiting.push(cell);
      else if (taken !== 'settled') return taken;
    }
    const stillWaiting: SweepCell[] = [];
    let found: { cell: SweepCell; claim: HeldClaim } | null = null;
    for (const cell of waiting) {
      if (found !== null) {
        stillWaiting.push(cell);
        continue;
      }
      const taken = take(cell);
      if (taken === 'busy') stillWaiting.push(cell);
      else if (taken !== 'settled') found = taken;
    }
    waiting = stillWaiting;
    return found;
  };

  const pool = new Piscina({
    filename: new URL('./cell-worker.js', import.meta.url).href,
    minThreads: usefulThreads(threads, queue.length),
    maxThreads: usefulThreads(threads, queue.length),
    workerData: { plugins: manifest.plugins ?? [] },
  });
  // Set when a result cannot be written (a full disk), or the pool itself failed: every slot stops claiming, and cells in flight are given back.
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
    if (aborted) {
      releaseClaim(dir, claim);
      held.delete(claim);
      return;
    }
    // A worker thread that could not start (its plugins) is this worker's fault, not the cell's.
    if (poolError !== undefined) throw poolError;
    options.checkInputs?.();
    if (outcome !== undefined) {
      const record: CellRecord = { configHash: manifest.configHash, index: cell.index, id: cell.id, parameters: cell.parameters, replicate: cell.replicate, settings: cell.settings, ...outcome };
      writeCell(dir, record);
      rmSync(failedCellPath(dir, cell.id), { force: true }); // a failure another worker recorded for this cell no longer stands
      summary.ran++;
    } else {
      const record: FailedCell = {
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
      if (!isCellDone(dir, cell.id)) {
        writeFailedCell(dir, record);
        summary.failed.push(record);
      }
    }
    releaseClaim(dir, claim, true);
    held.delete(claim);
    options.onCell?.(++settledCount, share.length);
  };
  const slot = async () => {
    while (!aborted) {
      const next = claimNext();
      if (next !== null) {
        try {
          await runCell(next.cell, next.claim);
        } catch (error) {
          aborted = true;
          throw error;
        }
        continue;
      }
      if (cursor >= queue.length && waiting.length === 0) return;
      // Every unsettled cell is held by another worker: wait for it to finish or its lease to run out.
      await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_POLL_MS, leaseMs / 4)));
    }
  };
  try {
    await Promise.all(Array.from({ length: usefulThreads(threads, queue.length) }, slot));
  } finally {
    clearInterval(renewal);
    releaseAll();
    process.off('exit', releaseAll);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await pool.destroy();
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

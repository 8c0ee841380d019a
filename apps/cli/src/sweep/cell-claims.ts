import { existsSync, linkSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { TEMPORARY_PREFIX, writeFileDurably } from '../atomic-file.js';

/**
 * Claims on a sweep's cells, shared by every worker that sees the sweep directory (on one
 * machine or many, over a shared file system).
 *
 * A claim is the file `claims/<cell id>.<generation>`, created by `link(2)` of a file that
 * already holds the claimant's name, so it appears atomically, whole, and only if it did not
 * exist (link never overwrites, also on NFS). The claim with the highest generation present is
 * the cell's current one; its modification time is its lease, which the claimant renews. A lease
 * older than the lease period belongs to a worker that died or hung: the next worker takes
 * the cell by creating the next generation, which again only one can do.
 *
 * Claims only save work: a cell's result depends on its settings alone and is written
 * atomically, so two workers that run the same cell (a worker whose lease ran out while it
 * was still alive) write the same bytes.
 */
export const CLAIMS_FOLDER = 'claims';

/** Lease period of a worker's claims, in seconds, unless --lease says otherwise. */
export const DEFAULT_LEASE_SECONDS = 60;
/** Shortest and longest lease: renewals come every quarter of it, and timers take at most about 24 days. */
export const LEASE_SECONDS_RANGE = [0.2, 86_400] as const;

/** Who holds a claim: written into the claim file. */
export interface ClaimHolder {
  host: string;
  pid: number;
  /** Unique per worker process: `<host>:<pid>:<start time in ms>`. */
  worker: string;
  claimedAt: string;
  /** The lease period the holder works with (its renewals come every quarter of it). */
  leaseSeconds: number;
}

/** A claim this process holds. */
export interface HeldClaim {
  cellId: string;
  generation: number;
  path: string;
}

/** The current claim of a cell as seen from outside. */
export interface ClaimState {
  generation: number;
  path: string;
  /** Milliseconds since the lease was last renewed. */
  leaseAgeMs: number;
  holder: ClaimHolder | null;
}

export function newWorkerName(): string {
  return `${hostname()}:${process.pid}:${Date.now()}`;
}

/** The claim with the highest generation of a cell, or null when it holds none. */
export function currentClaim(dir: string, cellId: string, now = Date.now()): ClaimState | null {
  return allCurrentClaims(dir, now, cellId).get(cellId) ?? null;
}

/**
 * True when a claim's lease ran out: older than the lease period of its holder, and than
 * `leaseMs` (a worker started with a longer lease renews less often; one with a shorter
 * lease must not take its cells while it is alive).
 */
export function leaseExpired(claim: ClaimState, leaseMs: number): boolean {
  const holderMs = typeof claim.holder?.leaseSeconds === 'number' && Number.isFinite(claim.holder.leaseSeconds) ? claim.holder.leaseSeconds * 1000 : 0;
  return claim.leaseAgeMs > Math.max(leaseMs, holderMs);
}

/**
 * Tries to claim a cell: generation 1 when it was never claimed, or the next generation
 * when the current claim's lease ran out (`leaseExpired`). Returns null when another worker
 * holds a live lease or won the race for the claim.
 */
export function tryClaim(dir: string, cellId: string, worker: string, leaseMs: number): HeldClaim | null {
  const current = currentClaim(dir, cellId);
  if (current !== null && !leaseExpired(current, leaseMs)) return null;
  const generation = current === null ? 1 : current.generation + 1;
  const path = claimPath(dir, cellId, generation);
  const folder = join(dir, CLAIMS_FOLDER);
  if (!existsSync(folder)) mkdirSync(folder, { recursive: true }); // (a file in its place fails the write below, naming it)
  const holder: ClaimHolder = { host: hostname(), pid: process.pid, worker, claimedAt: new Date().toISOString(), leaseSeconds: leaseMs / 1000 };
  // Unique across hosts and containers (where every worker may have the same pid).
  const draft = join(folder, `${TEMPORARY_PREFIX}${cellId}.${generation}-${randomUUID()}`);
  writeFileDurably(draft, `${JSON.stringify(holder)}\n`);
  try {
    linkSync(draft, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw error;
  } finally {
    rmSync(draft, { force: true });
  }
  return { cellId, generation, path };
}

/** Renews a lease; false when the claim is no longer this worker's (removed, or taken over by a newer generation). */
export function renewClaim(dir: string, claim: HeldClaim): boolean {
  try {
    statSync(claimPath(dir, claim.cellId, claim.generation + 1));
    return false;
  } catch {
    // no newer claim: still ours
  }
  try {
    const now = new Date();
    utimesSync(claim.path, now, now);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes this worker's claim (its cell is given back, or settled). With `settled` (its
 * result or failure is written) the older claims of dead workers on the cell go too.
 */
export function releaseClaim(dir: string, claim: HeldClaim, settled = false): void {
  rmSync(claim.path, { force: true, recursive: true });
  if (settled) removeClaims(dir, claim.cellId);
}

/** Removes every claim on a settled cell (those of workers killed after writing its result). */
export function removeClaims(dir: string, cellId: string): void {
  let names: string[];
  try {
    names = readdirSync(join(dir, CLAIMS_FOLDER));
  } catch {
    return;
  }
  for (const name of names) if (generationOf(name, cellId) !== null) rmSync(join(dir, CLAIMS_FOLDER, name), { force: true, recursive: true });
}

/** Age after which a claim's draft is taken for one left by a killed worker. */
const ABANDONED_DRAFT_MS = 10 * 60 * 1000;

/**
 * Removes what dead workers left: expired claims on settled cells (a worker killed between
 * writing a result and removing its claim) and old drafts of claims.
 */
export function tidyClaims(dir: string, leaseMs: number, isSettled: (cellId: string) => boolean, now = Date.now()): void {
  for (const [id, claim] of allCurrentClaims(dir, now)) if (leaseExpired(claim, leaseMs) && isSettled(id)) removeClaims(dir, id);
  let names: string[] = [];
  try {
    names = readdirSync(join(dir, CLAIMS_FOLDER));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(TEMPORARY_PREFIX)) continue;
    const modified = statSync(join(dir, CLAIMS_FOLDER, name), { throwIfNoEntry: false })?.mtimeMs;
    if (modified !== undefined && now - modified > ABANDONED_DRAFT_MS) rmSync(join(dir, CLAIMS_FOLDER, name), { force: true, recursive: true });
  }
}

/**
 * Every current claim of the directory (or of one cell) by cell id; cells without a claim are
 * absent. The folder holds only claims in flight and those of dead workers (a finished cell's
 * claim is removed), so listing it is cheap.
 */
export function allCurrentClaims(dir: string, now = Date.now(), onlyCell?: string): Map<string, ClaimState> {
  const claims = new Map<string, ClaimState>();
  let names: string[];
  try {
    names = readdirSync(join(dir, CLAIMS_FOLDER));
  } catch {
    return claims;
  }
  const highest = new Map<string, number>();
  for (const name of names) {
    if (name.startsWith(TEMPORARY_PREFIX)) continue;
    const dot = name.lastIndexOf('.');
    const id = name.slice(0, dot);
    const generation = dot < 0 ? null : generationOf(name, id);
    if (generation === null) continue;
    if (onlyCell !== undefined && id !== onlyCell) continue;
    if ((highest.get(id) ?? 0) < generation) highest.set(id, generation);
  }
  for (const [id, generation] of highest) {
    const path = claimPath(dir, id, generation);
    try {
      const mtimeMs = statSync(path).mtimeMs;
      claims.set(id, { generation, path, leaseAgeMs: Math.max(0, now - mtimeMs), holder: readHolder(path) });
    } catch {
      // removed since the listing: the cell was finished or given back
    }
  }
  return claims;
}

/** The generation of a claim file's name `<cell id>.<generation>`: digits only (no `1e3`), 1 or more; else null (not a claim). */
function generationOf(name: string, cellId: string): number | null {
  if (!name.startsWith(`${cellId}.`)) return null;
  const digits = name.slice(cellId.length + 1);
  const generation = Number(digits);
  return /^[1-9]\d{0,14}$/.test(digits) && Number.isSafeInteger(generation) ? generation : null;
}

function claimPath(dir: string, cellId: string, generation: number): string {
  return join(dir, CLAIMS_FOLDER, `${cellId}.${generation}`);
}

function readHolder(path: string): ClaimHolder | null {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as ClaimHolder;
    return typeof data?.host === 'string' && typeof data.pid === 'number' ? data : null;
  } catch {
    return null;
  }
}

import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allCurrentClaims, currentClaim, leaseExpired, releaseClaim, renewClaim, tidyClaims, tryClaim } from './cell-claims.js';

const directory = () => mkdtempSync(join(tmpdir(), 'dra-claims-'));
/** Makes a claim's lease look `seconds` old. */
const age = (path: string, seconds: number) => {
  const then = new Date(Date.now() - seconds * 1000);
  utimesSync(path, then, then);
};

describe('cell claims', () => {
  it('let one worker claim a cell, and no other while its lease is live', () => {
    const dir = directory();
    const first = tryClaim(dir, 'cell-0001', 'a', 10_000);
    expect(first).toMatchObject({ cellId: 'cell-0001', generation: 1 });
    expect(tryClaim(dir, 'cell-0001', 'b', 10_000)).toBeNull();
    expect(tryClaim(dir, 'cell-0002', 'b', 10_000)).toMatchObject({ generation: 1 });
    const seen = currentClaim(dir, 'cell-0001');
    expect(seen?.holder).toMatchObject({ worker: 'a', pid: process.pid, leaseSeconds: 10 });
    expect(seen!.leaseAgeMs).toBeLessThan(5_000);
    // No temporary file is left behind by a claim, won or lost.
    expect(readdirSync(join(dir, 'claims')).sort()).toEqual(['cell-0001.1', 'cell-0002.1']);
  });

  it('hand a cell whose lease ran out to the next worker, under a new generation that the old holder cannot renew', () => {
    const dir = directory();
    const old = tryClaim(dir, 'cell-0003', 'a', 1_000)!;
    age(old.path, 5);
    expect(currentClaim(dir, 'cell-0003')!.leaseAgeMs).toBeGreaterThan(4_000);
    const taken = tryClaim(dir, 'cell-0003', 'b', 1_000)!;
    expect(taken.generation).toBe(2);
    expect(tryClaim(dir, 'cell-0003', 'c', 1_000)).toBeNull();
    expect(renewClaim(dir, old)).toBe(false);
    expect(renewClaim(dir, taken)).toBe(true);
    // The old holder removing its claim leaves the new one current.
    releaseClaim(dir, old);
    expect(currentClaim(dir, 'cell-0003')?.holder?.worker).toBe('b');
    // Settled: the claim and the dead worker's older ones go.
    age(taken.path, 0);
    const again = tryClaim(dir, 'cell-0004', 'b', 1_000)!;
    releaseClaim(dir, taken, true);
    expect(currentClaim(dir, 'cell-0003')).toBeNull();
    expect([...allCurrentClaims(dir).keys()]).toEqual(['cell-0004']);
    releaseClaim(dir, again, true);
    expect(readdirSync(join(dir, 'claims'))).toEqual([]);
  });

  it('renew a live lease by touching it', () => {
    const dir = directory();
    const claim = tryClaim(dir, 'cell-0005', 'a', 1_000)!;
    age(claim.path, 30);
    expect(renewClaim(dir, claim)).toBe(true);
    expect(currentClaim(dir, 'cell-0005')!.leaseAgeMs).toBeLessThan(5_000);
    releaseClaim(dir, claim);
    expect(renewClaim(dir, claim)).toBe(false);
  });

  it("judge a lease by the longer of the worker's period and the holder's", () => {
    const dir = directory();
    const slow = tryClaim(dir, 'cell-0006', 'patient', 300_000)!;
    age(slow.path, 100); // renewed every 75 s: live for its holder
    expect(leaseExpired(currentClaim(dir, 'cell-0006')!, 60_000)).toBe(false);
    expect(tryClaim(dir, 'cell-0006', 'hasty', 60_000)).toBeNull();
    age(slow.path, 301);
    expect(leaseExpired(currentClaim(dir, 'cell-0006')!, 60_000)).toBe(true);
    expect(tryClaim(dir, 'cell-0006', 'hasty', 60_000)?.generation).toBe(2);
  });

  it("tidy the expired claims of settled cells and old drafts, leaving live claims and unsettled cells' claims", () => {
    const dir = directory();
    const dead = tryClaim(dir, 'cell-0007', 'gone', 1_000)!;
    age(dead.path, 10);
    const deadUnsettled = tryClaim(dir, 'cell-0008', 'gone', 1_000)!;
    age(deadUnsettled.path, 10);
    tryClaim(dir, 'cell-0009', 'alive', 1_000);
    const draft = join(dir, 'claims', '.partial-cell-0010.1-abandoned');
    writeFileSync(draft, '{}');
    age(draft, 3600);
    tidyClaims(dir, 1_000, (id) => id === 'cell-0007' || id === 'cell-0009');
    expect(readdirSync(join(dir, 'claims')).sort()).toEqual(['cell-0008.1', 'cell-0009.1']);
  });
});

import { allCurrentClaims, leaseExpired, releaseClaim, removeClaims, tryClaim, type HeldClaim } from './cell-claims.js';
import type { SweepCell } from './sweep-config.js';

/** A cell this worker now holds. */
export interface ClaimedCell {
  cell: SweepCell;
  claim: HeldClaim;
}

/**
 * The cells a worker still has to see, claimed in order. Each cell is visited once; those
 * other workers hold (live leases) wait at the end and are looked at again on later calls,
 * until they are settled or their lease runs out. Settled cells (by anyone) drop out.
 */
export class ClaimQueue {
  private cursor = 0;
  private waiting: SweepCell[] = [];

  constructor(
    private readonly dir: string,
    private readonly cells: readonly SweepCell[],
    private readonly worker: string,
    private readonly leaseMs: number,
    private readonly isSettled: (cell: SweepCell) => boolean,
    /** Called for each cell found settled by another worker. */
    private readonly onSettledElsewhere: () => void,
  ) {}

  /** True when every cell was seen settled: nothing is left to claim or to wait for. */
  get exhausted(): boolean {
    return this.cursor >= this.cells.length && this.waiting.length === 0;
  }

  /** The next cell this worker could claim, now claimed; null when every remaining cell is held by another worker. */
  next(): ClaimedCell | null {
    const claims = allCurrentClaims(this.dir);
    while (this.cursor < this.cells.length) {
      const cell = this.cells[this.cursor++]!;
      const taken = this.take(cell, claims);
      if (taken === 'busy') this.waiting.push(cell);
      else if (taken !== 'settled') return taken;
    }
    const stillWaiting: SweepCell[] = [];
    let found: ClaimedCell | null = null;
    for (const cell of this.waiting) {
      const taken: ClaimedCell | 'settled' | 'busy' = found === null ? this.take(cell, claims) : 'busy';
      if (taken === 'busy') stillWaiting.push(cell);
      else if (taken !== 'settled') found = taken;
    }
    this.waiting = stillWaiting;
    return found;
  }

  private take(cell: SweepCell, claims: ReturnType<typeof allCurrentClaims>): ClaimedCell | 'settled' | 'busy' {
    const current = claims.get(cell.id);
    if (this.isSettled(cell)) {
      this.onSettledElsewhere();
      // Left by a worker killed after writing the result.
      if (current !== undefined && leaseExpired(current, this.leaseMs)) removeClaims(this.dir, cell.id);
      return 'settled';
    }
    if (current !== undefined && !leaseExpired(current, this.leaseMs)) return 'busy';
    const claim = tryClaim(this.dir, cell.id, this.worker, this.leaseMs);
    if (claim === null) return 'busy';
    // The cell may have been finished between the look and the claim.
    if (this.isSettled(cell)) {
      releaseClaim(this.dir, claim, true);
      this.onSettledElsewhere();
      return 'settled';
    }
    return { cell, claim };
  }
}

import { releaseClaim, renewClaim, type HeldClaim } from './cell-claims.js';

/**
 * The claims a worker holds: their leases renewed every quarter of the lease period, and all
 * of them given back when the process ends (exit, SIGINT, SIGTERM: `scancel`), so that other
 * workers need not wait out the leases. `stop` ends the renewals and the signal handling.
 */
export class HeldClaims {
  private readonly held = new Set<HeldClaim>();
  private readonly lost = new Set<string>();
  private readonly renewal: NodeJS.Timeout;
  private readonly releaseAll = () => {
    for (const claim of this.held) releaseClaim(this.dir, claim);
    this.held.clear();
  };
  private readonly onSignal = (signal: NodeJS.Signals) => {
    if (this.held.size > 0) process.stderr.write(`dra: ${signal}: gave back ${[...this.held].map((c) => c.cellId).join(', ')} to the other workers\n`);
    this.releaseAll();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };

  constructor(
    private readonly dir: string,
    leaseMs: number,
  ) {
    process.on('exit', this.releaseAll);
    // First, before handlers that end the process (a directory lock's), so the claims are named as they go.
    process.prependListener('SIGINT', this.onSignal);
    process.prependListener('SIGTERM', this.onSignal);
    this.renewal = setInterval(() => this.renew(), Math.max(50, leaseMs / 4));
    this.renewal.unref();
  }

  add(claim: HeldClaim): void {
    this.held.add(claim);
  }

  /** Removes a claim: given back, or (`settled`) its cell's result or failure is written. */
  release(claim: HeldClaim, settled = false): void {
    releaseClaim(this.dir, claim, settled);
    this.held.delete(claim);
  }

  stop(): void {
    clearInterval(this.renewal);
    this.releaseAll();
    process.off('exit', this.releaseAll);
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }

  private renew(): void {
    for (const claim of this.held) {
      if (renewClaim(this.dir, claim) || this.lost.has(claim.cellId)) continue;
      this.lost.add(claim.cellId);
      process.stderr.write(`dra: the lease of ${claim.cellId} ran out before it was renewed (a paused or overloaded worker); another worker may run it too, to the same result\n`);
    }
  }
}

import type { ProgressEvent } from '@dra/agent';

/**
 * Training progress on stderr: a bar redrawn in place on a terminal, otherwise a plain
 * line every `intervalMs`. Never writes to stdout.
 */
export class ProgressReporter {
  private readonly stream: NodeJS.WriteStream;
  private readonly interactive: boolean;
  private readonly intervalMs: number;
  private last = 0;
  private objective = NaN;
  private drawn = false;

  constructor(stream: NodeJS.WriteStream = process.stderr, intervalMs?: number) {
    this.stream = stream;
    this.interactive = Boolean(stream.isTTY);
    this.intervalMs = intervalMs ?? (this.interactive ? 100 : 5000);
    this.last = Date.now();
  }

  readonly onProgress = (event: ProgressEvent): void => {
    if (event.type === 'evaluation') {
      this.objective = event.point.objective;
      return;
    }
    const now = Date.now();
    const done = event.episode + 1 === event.episodes;
    if (!done && now - this.last < this.intervalMs) return;
    this.last = now;
    const fraction = (event.episode + 1) / event.episodes;
    const objective = Number.isFinite(this.objective) ? ` objective ${this.objective.toFixed(2)}` : '';
    if (this.interactive) {
      const width = 30;
      const filled = Math.round(fraction * width);
      this.stream.write(
        `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% episode ${event.episode + 1}/${event.episodes}${objective}  `,
      );
      this.drawn = true;
      if (done) this.finish();
    } else if (!done) {
      this.stream.write(`episode ${event.episode + 1}/${event.episodes} (${(fraction * 100).toFixed(0)}%)${objective}\n`);
    }
  };

  finish(): void {
    if (this.interactive && this.drawn) {
      this.stream.write('\n');
      this.drawn = false;
    }
  }
}

/**
 * Progress of a pool of jobs on stderr: done/total, elapsed and an ETA (elapsed per job done
 * times jobs left), as a bar redrawn in place on a terminal, otherwise a line every `intervalMs`
 * and at the end. Never writes to stdout.
 */
export class JobProgress {
  private readonly started = performance.now();
  private readonly stream: NodeJS.WriteStream;
  private readonly interactive: boolean;
  private readonly intervalMs: number;
  private last = 0;
  private count = 0;
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly total: number,
    stream: NodeJS.WriteStream = process.stderr,
    intervalMs?: number,
  ) {
    this.stream = stream;
    this.interactive = Boolean(stream.isTTY);
    this.intervalMs = intervalMs ?? (this.interactive ? 100 : 5000);
  }

  done(id: string): void {
    this.count++;
    const now = performance.now();
    const last = this.count === this.total;
    if (!last && now - this.last < this.intervalMs) return;
    this.last = now;
    const elapsed = (now - this.started) / 1000;
    const eta = (elapsed / this.count) * (this.total - this.count);
    const text = `${this.label}: ${this.count}/${this.total} jobs, ${formatSeconds(elapsed)} elapsed, ETA ${last ? '0 s' : formatSeconds(eta)} (last: ${id})`;
    if (this.interactive) {
      const width = 24;
      const filled = Math.round((this.count / this.total) * width);
      this.stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}\u001b[K`);
      this.drawn = true;
    } else {
      this.stream.write(`${text}\n`);
    }
  }

  finish(): void {
    if (this.interactive && this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}

function formatSeconds(s: number): string {
  return s < 100 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, '0')} s`;
}

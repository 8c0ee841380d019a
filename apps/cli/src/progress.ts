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

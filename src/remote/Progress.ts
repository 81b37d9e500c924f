// A progress line on stderr: on a terminal one line redrawn in place (at most ten times a second),
// elsewhere (CI logs, pipes) a plain line at every tenth of the way.

export interface ProgressSink {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export class Progress {
  private done = 0;
  private graphsDone = 0;
  private lastDraw = 0;
  private lastTenth = -1;
  private readonly started = performance.now();

  constructor(private readonly sink: ProgressSink, private readonly total: number, private readonly graphs: number, private readonly label: string) {}

  /** Adds `triples` sent; `graphEnded` when a graph was finished. */
  advance(triples: number, graphEnded: boolean): void {
    this.done += triples;
    if (graphEnded) this.graphsDone++;
    const now = performance.now();
    if (this.sink.isTTY) {
      if (now - this.lastDraw < 100 && this.done < this.total) return;
      this.lastDraw = now;
      this.sink.write(`\r${this.line().slice(0, Math.max(20, (this.sink.columns ?? 100) - 1))}\u001b[K`);
      return;
    }
    const tenth = Math.floor((this.done / Math.max(1, this.total)) * 10);
    if (tenth > this.lastTenth) {
      this.lastTenth = tenth;
      this.sink.write(`${this.line()}\n`);
    }
  }

  /** Ends the redrawn line so that what follows starts on a fresh one. */
  finish(): void {
    if (this.sink.isTTY) this.sink.write(`\r${this.line()}\u001b[K\n`);
  }

  private line(): string {
    const fraction = Math.min(1, this.done / Math.max(1, this.total));
    const width = 24;
    const filled = Math.round(fraction * width);
    const seconds = (performance.now() - this.started) / 1000;
    const eta = fraction > 0 && fraction < 1 ? ` · ETA ${Math.ceil((seconds / fraction) * (1 - fraction))} s` : '';
    const n = (x: number) => x.toLocaleString('en-US');
    return `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(fraction * 100)}% · ${n(this.done)}/${n(this.total)} triples · ${n(this.graphsDone)}/${n(this.graphs)} graphs · ${seconds.toFixed(1)} s${eta}`;
  }
}

// A byte progress bar for long CLI transfers, on stderr. On a terminal: one line redrawn in place
// (`\r`, at most every `intervalMs`). Elsewhere (CI logs, pipes): one plain line per finished file.
export interface ProgressStream {
  write(text: string): unknown;
  /** Node sets it on a terminal stream. */
  isTTY?: boolean;
  /** Terminal width in characters (Node's WriteStream.columns). */
  columns?: number;
}

export interface ProgressBarOptions {
  /** Where to draw. Default process.stderr. */
  stream?: ProgressStream;
  /** Minimum time between two redraws on a terminal, ms. Default 100. */
  intervalMs?: number;
  /** The clock, ms. Default Date.now. */
  now?: () => number;
}

/**
 * @example
 * const bar = new ProgressBar('push', totalBytes, files.length);
 * bar.advance(chunk.length); bar.fileDone('saved_model.pb'); bar.finish();
 */
export class ProgressBar {
  private done = 0;
  private filesDone = 0;
  private lastDraw = -Infinity;
  private readonly stream: ProgressStream;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(private readonly label: string, private readonly totalBytes: number, private readonly totalFiles: number, options: ProgressBarOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.intervalMs = options.intervalMs ?? 100;
    this.now = options.now ?? Date.now;
  }

  /** `bytes` more are done (may be called with partial progress of a file). */
  advance(bytes: number): void {
    this.done = Math.min(this.totalBytes, this.done + bytes);
    if (this.stream.isTTY && this.now() - this.lastDraw >= this.intervalMs) this.draw();
  }

  /** One file finished. */
  fileDone(path: string): void {
    this.filesDone++;
    if (this.stream.isTTY) this.draw();
    else this.stream.write(`${this.label}: ${this.summary()}  ${path}\n`);
  }

  /** Ends the bar's line on a terminal. */
  finish(): void {
    if (!this.stream.isTTY) return;
    this.draw();
    this.stream.write('\n');
  }

  private summary(): string {
    const pct = this.totalBytes === 0 ? 100 : Math.floor((100 * this.done) / this.totalBytes);
    return `${formatBytes(this.done)} / ${formatBytes(this.totalBytes)} (${pct}%), ${this.filesDone}/${this.totalFiles} files`;
  }

  private draw(): void {
    this.lastDraw = this.now();
    const width = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - 60));
    const filled = this.totalBytes === 0 ? width : Math.round((width * this.done) / this.totalBytes);
    this.stream.write(`\r${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.summary()}\x1b[K`);
  }
}

/** 1536 → "1.5 KiB" (IEC units, as `ls -h`). */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * A single self-overwriting status line with count, rate and ETA, for a TTY. The rate is an exponential moving
 * average so the ETA neither jumps on one slow RAW file nor lags a whole minute behind.
 */
export class ProgressLine {
  private rate = 0;
  private lastDone = 0;
  private lastAt = Date.now();
  private lastDraw = 0;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(done: number, total: number, format: (done: number, total: number, rate: string, eta: string) => string): void {
    const now = Date.now();
    const dt = (now - this.lastAt) / 1000;
    if (dt >= 0.5) {
      const instant = (done - this.lastDone) / dt;
      this.rate = this.rate === 0 ? instant : this.rate * 0.7 + instant * 0.3;
      this.lastDone = done;
      this.lastAt = now;
    }
    if (now - this.lastDraw < 100 && done < total) return;
    this.lastDraw = now;
    const eta = this.rate > 0 ? formatDuration((total - done) / this.rate) : '—';
    this.draw(`${bar(done, total)} ${format(done, total, this.rate.toFixed(1), eta)}`);
  }

  draw(text: string): void {
    const width = this.stream.columns ?? 100;
    this.stream.write(`\r${text.slice(0, width - 1)}\x1b[K`);
  }

  end(): void {
    this.stream.write('\r\x1b[K');
  }
}

function bar(done: number, total: number, width = 24): string {
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(rest).padStart(2, '0')}` : `${m}:${String(rest).padStart(2, '0')}`;
}

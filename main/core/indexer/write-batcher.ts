import type { Db } from '../db/open-database.js';

/**
 * Groups database writes into one transaction per batch: committing per photo would make the WAL fsync the
 * bottleneck, and a batch is small enough that an interrupted run loses only seconds of work (which the next run
 * redoes, since a photo counts as indexed only once its row is committed).
 */
export class WriteBatcher {
  private pending: (() => void)[] = [];
  private lastFlush = Date.now();

  constructor(
    private readonly db: Db,
    private readonly maxOps = 64,
    private readonly maxDelayMs = 500,
  ) {}

  push(write: () => void): void {
    this.pending.push(write);
    if (this.pending.length >= this.maxOps || Date.now() - this.lastFlush >= this.maxDelayMs) this.flush();
  }

  flush(): void {
    this.lastFlush = Date.now();
    if (this.pending.length === 0) return;
    const writes = this.pending;
    this.pending = [];
    this.db.transaction(() => {
      for (const write of writes) write();
    })();
  }
}

/**
 * A counting semaphore for back-pressure: at most `capacity` holders at once, waiters admitted first come, first
 * served. It counts images from the moment they are queued until their promise settles, so queued plus in-flight
 * pixels stay bounded however many callers submit at once. `highWater` exists so tests and benches can prove it.
 */
export class AdmissionGate {
  private held = 0;
  private peak = 0;
  private readonly waiters: { admit: () => void; refuse: (err: Error) => void }[] = [];
  private readonly roomWaiters: (() => void)[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, not ${capacity}`);
  }

  get inUse(): number {
    return this.held;
  }

  get highWater(): number {
    return this.peak;
  }

  /** Whether another holder could be admitted now, i.e. whether more work can still arrive. */
  get hasRoom(): boolean {
    return this.held < this.capacity;
  }

  async acquire(): Promise<void> {
    if (this.hasRoom && this.waiters.length === 0) {
      this.take();
      return;
    }
    // The releasing holder hands its place over directly (see release), so `held` never dips and lets a newcomer
    // overtake someone who has waited.
    await new Promise<void>((admit, refuse) => this.waiters.push({ admit, refuse }));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) {
      next.admit();
      return;
    }
    this.held--;
    for (const wake of this.roomWaiters.splice(0)) wake();
  }

  /** Settles once a holder could be admitted: lets a producer wait before doing the work that makes an item. */
  async whenRoom(): Promise<void> {
    if (this.hasRoom) return;
    await new Promise<void>((wake) => this.roomWaiters.push(wake));
  }

  /** Refuses everyone still waiting (the pool is closing); room waiters are woken so they see the closed pool. */
  refuseWaiters(err: Error): void {
    for (const waiter of this.waiters.splice(0)) waiter.refuse(err);
    for (const wake of this.roomWaiters.splice(0)) wake();
  }

  private take(): void {
    this.held++;
    this.peak = Math.max(this.peak, this.held);
  }
}

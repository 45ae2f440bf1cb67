/**
 * How long a partial batch waits for the next image when images are still arriving. A ViT-B/16 image takes tens to
 * hundreds of ms, so a couple of ms buys a fuller batch cheaply; decoders deliver photos a few ms apart when busy.
 */
const LINGER_MS = 2;
/** However steadily images trickle in, the oldest waits at most this long for its batch to fill. */
const MAX_WAIT_MS = 10;

/**
 * Coalesces individually submitted images into batches of up to `maxBatch`. A partial batch is held back only while
 * more may come: the last arrival is under LINGER_MS old and the caller says the queue bound still admits more.
 * Otherwise it leaves at once, so a lone image or a burst that filled the bound never waits.
 */
export class ImageBatcher<T> {
  private readonly queue: { item: T; at: number }[] = [];
  private lastArrival = 0;
  private timer: NodeJS.Timeout | undefined;
  /**
   * The linger timer fired, so the held batch leaves at the next take whatever the clocks say: a timer can fire a
   * fraction of a millisecond early by performance.now().
   */
  private lingerEnded = false;

  /** `onLingerEnd` is called when a held-back batch may leave: call `take` again then. */
  constructor(
    private readonly maxBatch: number,
    private readonly onLingerEnd: () => void,
  ) {}

  get length(): number {
    return this.queue.length;
  }

  push(item: T): void {
    this.lastArrival = performance.now();
    this.queue.push({ item, at: this.lastArrival });
  }

  /** The next batch, or undefined when the queue is empty or the batch is lingering for more. */
  take(moreMayArrive: boolean): T[] | undefined {
    const head = this.queue[0];
    if (!head) return undefined;
    if (this.queue.length < this.maxBatch && moreMayArrive && !this.lingerEnded) {
      const until = Math.min(this.lastArrival + LINGER_MS, head.at + MAX_WAIT_MS);
      const wait = until - performance.now();
      if (wait > 0) {
        this.schedule(wait);
        return undefined;
      }
    }
    this.cancelLinger();
    return this.queue.splice(0, this.maxBatch).map((q) => q.item);
  }

  /** Empties the queue (the pool is closing) and forgets any pending linger. */
  drain(): T[] {
    this.cancelLinger();
    return this.queue.splice(0).map((q) => q.item);
  }

  private schedule(ms: number): void {
    this.cancelLinger();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lingerEnded = true;
      this.onLingerEnd();
    }, Math.ceil(ms));
  }

  private cancelLinger(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.lingerEnded = false;
  }
}

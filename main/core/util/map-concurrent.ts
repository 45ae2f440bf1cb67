/**
 * Runs `fn` over `items` with at most `limit` calls in flight, in order of `items`; stops starting new calls once
 * `signal` aborts. Errors from `fn` propagate (callers that must go on catch inside `fn`).
 */
export async function mapConcurrent<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  async function lane(): Promise<void> {
    while (next < items.length && !signal?.aborted) {
      const i = next++;
      await fn(items[i]!, i);
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}

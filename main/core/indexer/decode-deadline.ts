import { XuntuError } from '../errors.js';

/**
 * How long one photo's decode may take before the indexer gives up on it. Generous: a 100 MP TIFF decodes in a few
 * seconds on a slow laptop; only a decoder stuck on a hostile file gets anywhere near this.
 */
export const DEFAULT_DECODE_TIMEOUT_MS = 120_000;

/**
 * Settles as `work` does, or rejects with DECODE_TIMEOUT once `ms` have passed. libvips cannot be interrupted, so a
 * stuck decode keeps its thread; but the run records the file and goes on with the others instead of waiting forever.
 */
export function withDecodeDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new XuntuError('DECODE_TIMEOUT', `decoding took longer than ${ms / 1000} s and was given up`)),
      ms,
    );
  });
  // Once given up, the work's own late failure is nobody's concern: keep it from surfacing as an unhandled rejection.
  work.catch(() => undefined);
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

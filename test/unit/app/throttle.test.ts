import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from '../../../main/core/app/app-events.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('throttle (progress pushes)', () => {
  it('runs the first call at once, then the latest one at the end of the interval, never dropping the last', () => {
    const seen: number[] = [];
    const push = throttle((n: number) => seen.push(n), 100);
    push(1);
    push(2);
    push(3);
    expect(seen).toEqual([1]);
    vi.advanceTimersByTime(100);
    expect(seen).toEqual([1, 3]);
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual([1, 3]);
  });

  it('flushes a pending call now and cancels one that must not run', () => {
    const seen: number[] = [];
    const push = throttle((n: number) => seen.push(n), 100);
    push(1);
    push(2);
    push.flush();
    expect(seen).toEqual([1, 2]);
    push(3);
    push.cancel();
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual([1, 2]);
  });
});

import { describe, expect, it } from 'vitest';
import { defaultBatch, defaultPoolShape, resolvePoolShape } from '../../../main/core/infer/pool-defaults.js';

describe('resolvePoolShape', () => {
  it('uses the defaults for the core count when nothing is given', () => {
    for (const cores of [1, 2, 4, 8, 16]) expect(resolvePoolShape({}, cores)).toEqual(defaultPoolShape(cores));
  });

  it('splits the cores between the workers asked for, and the reverse', () => {
    expect(resolvePoolShape({ workers: 2 }, 8)).toMatchObject({ workers: 2, intraOpThreads: 4 });
    expect(resolvePoolShape({ intraOpThreads: 2 }, 8)).toMatchObject({ workers: 4, intraOpThreads: 2 });
    expect(resolvePoolShape({ workers: 4 }, 2)).toMatchObject({ workers: 4, intraOpThreads: 1 });
    expect(resolvePoolShape({ workers: 3, intraOpThreads: 3 }, 2)).toEqual({ workers: 3, intraOpThreads: 3 });
  });

  it('rejects counts that are not positive integers', () => {
    expect(() => resolvePoolShape({ workers: 0 }, 4)).toThrow(RangeError);
    expect(() => resolvePoolShape({ intraOpThreads: 1.5 }, 4)).toThrow(RangeError);
    expect(() => resolvePoolShape({ workers: -1 }, 4)).toThrow(RangeError);
  });

  it('runs one thread per worker on small machines and caps the copies of the model on large ones', () => {
    expect(defaultPoolShape(1)).toEqual({ workers: 1, intraOpThreads: 1 });
    expect(defaultPoolShape(2)).toEqual({ workers: 2, intraOpThreads: 1 });
    expect(defaultPoolShape(16)).toEqual({ workers: 2, intraOpThreads: 8 });
  });

  it('batches on accelerators only', () => {
    expect(defaultBatch('cpu')).toBe(1);
    expect(defaultBatch(undefined)).toBe(1);
    expect(defaultBatch('cuda')).toBeGreaterThan(1);
  });

  it('always gives at least one worker of at least one thread', () => {
    for (const cores of [1, 2, 3, 4, 6, 8, 12, 16, 64]) {
      const shape = defaultPoolShape(cores);
      expect(shape.workers).toBeGreaterThanOrEqual(1);
      expect(shape.intraOpThreads).toBeGreaterThanOrEqual(1);
      expect(shape.workers * shape.intraOpThreads).toBeLessThanOrEqual(Math.max(cores, 1));
    }
  });
});

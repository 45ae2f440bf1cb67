import { describe, expect, it } from 'vitest';
import { ImageBatcher } from '../../../main/core/infer/image-batcher.js';

function lingerEnded(): { batcher: ImageBatcher<number>; ended: Promise<void> } {
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  return { batcher: new ImageBatcher<number>(4, () => end()), ended };
}

describe('ImageBatcher', () => {
  it('lets a full batch leave at once, in arrival order, and keeps the rest', () => {
    const { batcher } = lingerEnded();
    for (let i = 1; i <= 6; i++) batcher.push(i);
    expect(batcher.take(true)).toEqual([1, 2, 3, 4]);
    expect(batcher.length).toBe(2);
  });

  it('lets a partial batch leave at once when no more can arrive', () => {
    const { batcher } = lingerEnded();
    batcher.push(1);
    expect(batcher.take(false)).toEqual([1]);
    expect(batcher.take(false)).toBeUndefined();
  });

  it('holds a partial batch back a few ms while images are arriving', async () => {
    const { batcher, ended } = lingerEnded();
    batcher.push(1);
    const started = performance.now();
    expect(batcher.take(true)).toBeUndefined();
    batcher.push(2);
    await ended;
    expect(performance.now() - started).toBeLessThan(50);
    expect(batcher.take(true)).toEqual([1, 2]);
  });

  it('drains everything and cancels a pending linger', async () => {
    let ended = false;
    const batcher = new ImageBatcher<number>(4, () => (ended = true));
    batcher.push(1);
    batcher.push(2);
    expect(batcher.take(true)).toBeUndefined();
    expect(batcher.drain()).toEqual([1, 2]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ended).toBe(false);
  });
});

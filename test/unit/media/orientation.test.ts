import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { applyOrientation, validOrientation } from '../../../main/core/media/orientation.js';
import { processPhoto } from '../../../main/core/media/process-photo.js';

/** A 6×3 image whose every pixel differs, so any wrong turn or mirror shows. */
async function distinctPixels(): Promise<Buffer> {
  const pixels = Buffer.alloc(6 * 3 * 3);
  for (let i = 0; i < 18; i++) pixels.set([i * 14, 255 - i * 14, (i * 37) % 256], i * 3);
  return sharp(pixels, { raw: { width: 6, height: 3, channels: 3 } }).png().toBuffer();
}

describe('orientation', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('applyOrientation(%i) equals sharp auto-orienting the tag', async (orientation) => {
    const png = await distinctPixels();
    const tagged = await sharp(png).withMetadata({ orientation }).png().toBuffer();
    const expected = await sharp(tagged).autoOrient().raw().toBuffer();
    const actual = await applyOrientation(sharp(png), orientation).raw().toBuffer();
    expect(actual.equals(expected)).toBe(true);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('processPhoto reports orientation %i and the displayed size', async (orientation) => {
    const tagged = await sharp(await distinctPixels()).withMetadata({ orientation }).png().toBuffer();
    const photo = await processPhoto(tagged);
    expect(photo.orientation).toBe(orientation);
    expect([photo.width, photo.height]).toEqual(orientation >= 5 ? [3, 6] : [6, 3]);
  });

  it('treats out-of-range values as no orientation', () => {
    expect([0, 9, 1.5, -1, NaN, '6', null, undefined].map(validOrientation)).toEqual([null, null, null, null, null, null, null, null]);
  });
});

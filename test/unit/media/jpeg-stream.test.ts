import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { findJpegStreams, scanJpeg } from '../../../main/core/media/jpeg-stream.js';

const noisyJpeg = (width: number, height: number, progressive = false) =>
  sharp({ create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .jpeg({ progressive })
    .toBuffer();

describe('scanJpeg', () => {
  it.each([false, true])('measures a whole JPEG (progressive: %s)', async (progressive) => {
    const jpeg = await noisyJpeg(120, 80, progressive);
    expect(scanJpeg(jpeg, 0)).toEqual({ kind: 'complete', stream: { offset: 0, length: jpeg.length, width: 120, height: 80 } });
  });

  it('tells a JPEG cut short from bytes that are no JPEG', async () => {
    const jpeg = await noisyJpeg(120, 80);
    expect(scanJpeg(jpeg.subarray(0, jpeg.length - 100), 0)).toEqual({ kind: 'truncated' });
    expect(scanJpeg(Buffer.from('not a jpeg at all'), 0)).toEqual({ kind: 'invalid' });
  });
});

describe('findJpegStreams', () => {
  it('finds JPEGs among other bytes, skipping the thumbnail nested in a JPEG', async () => {
    const thumb = await noisyJpeg(32, 24);
    const outer = await sharp(await noisyJpeg(200, 100)).withExif({ IFD0: { Make: 'x' } }).jpeg().toBuffer();
    // A JPEG carrying another JPEG inside an APPn segment, as EXIF thumbnails are carried.
    const app = Buffer.alloc(4);
    app.writeUInt16BE(0xffe2, 0);
    app.writeUInt16BE(thumb.length + 2, 2);
    const nested = Buffer.concat([outer.subarray(0, 2), app, thumb, outer.subarray(2)]);
    const junk = Buffer.alloc(500, 0x11);
    const file = Buffer.concat([junk, nested, junk, thumb, junk]);
    const found = findJpegStreams(file, 0, file.length);
    expect(found.map((s) => [s.offset, s.width, s.height])).toEqual([
      [500, 200, 100],
      [1000 + nested.length, 32, 24],
    ]);
  });
});

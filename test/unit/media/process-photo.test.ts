import crypto from 'node:crypto';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { XuntuError } from '../../../main/core/errors.js';
import { makePreview, processPhoto, type ProcessPhotoOptions } from '../../../main/core/media/process-photo.js';

const MEAN = [0.48145466, 0.4578275, 0.40821073] as const;
const STD = [0.26862954, 0.26130258, 0.27577711] as const;
const clip = (resize: 'direct' | 'shortest-side-center-crop'): ProcessPhotoOptions['clip'] => ({ size: 224, mean: MEAN, std: STD, resize });

/** Noise rather than flat colour, so encoders produce real entropy-coded data to decode (and to cut short). */
function noisy(width: number, height: number) {
  return sharp({ create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } });
}

function solid(width: number, height: number, r: number, g: number, b: number) {
  return sharp({ create: { width, height, channels: 3, background: { r, g, b } } });
}

const RAINBOW: [number, number, number][] = [[255, 0, 0], [255, 160, 0], [250, 240, 0], [0, 200, 0], [0, 80, 255], [140, 0, 220]];

/** Side-by-side vertical bands of the given colours, equally wide. */
function bands(width: number, height: number, colours: [number, number, number][]) {
  const band = width / colours.length;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels.set(colours[Math.floor(x / band)]!, (y * width + x) * 3);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

async function pixelAt(webp: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(webp).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [...data.subarray(at, at + 3)];
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(XuntuError);
    return (err as XuntuError).code;
  }
  throw new Error('expected a XuntuError');
}

/** A PNG that is nothing but a header claiming the given size, with a tiny IDAT. */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(16))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('processPhoto: formats', () => {
  it.each(['jpeg', 'png', 'webp', 'avif', 'tiff', 'gif'] as const)('decodes %s, sniffed from its bytes', async (format) => {
    const bytes = await bands(600, 400, RAINBOW)[format]().toBuffer();
    const photo = await processPhoto(bytes);
    // libtiff always writes an Orientation tag, here 1.
    expect(photo).toMatchObject({ format, width: 600, height: 400, orientation: format === 'tiff' ? 1 : null });
    expect(photo.grid).toMatchObject({ width: 384, height: 256 });
    expect(photo.preview).toMatchObject({ width: 600, height: 400 });
    for (const out of [photo.grid, photo.preview]) {
      const meta = await sharp(out.data).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', out.width, out.height]);
    }
  });

  it('keeps only the first frame of an animated GIF', async () => {
    // Three 30×20 frames, red, blue, green, stacked as sharp expects them.
    const frames = Buffer.alloc(30 * 60 * 3);
    for (let i = 0; i < 30 * 60; i++) frames.set(i < 600 ? [255, 0, 0] : i < 1200 ? [0, 0, 255] : [0, 255, 0], i * 3);
    const gif = await sharp(frames, { raw: { width: 30, height: 60, channels: 3, pageHeight: 20 } }).gif().toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(3);
    const photo = await processPhoto(gif);
    expect([photo.width, photo.height]).toEqual([30, 20]);
    expect(await pixelAt(photo.preview.data, 15, 10)).toEqual([expect.closeTo(255, -1), expect.closeTo(0, -1), expect.closeTo(0, -1)]);
  });

  it('reads 16-bit and greyscale images into RGB outputs', async () => {
    const deep = await noisy(300, 200).toColourspace('rgb16').png().toBuffer();
    const grey = await noisy(300, 200).toColourspace('b-w').jpeg().toBuffer();
    expect((await sharp(grey).metadata()).channels).toBe(1);
    for (const bytes of [deep, grey]) {
      const photo = await processPhoto(bytes, { clip: clip('direct') });
      expect(photo.grid).toMatchObject({ width: 300, height: 200 });
      expect(photo.clipInput).toHaveLength(3 * 224 * 224);
    }
  });

  it('never modifies the bytes it is given', async () => {
    const bytes = await noisy(200, 100).jpeg().toBuffer();
    const before = crypto.createHash('sha256').update(bytes).digest('hex');
    await processPhoto(bytes, { clip: clip('direct') });
    expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(before);
  });
});

describe('processPhoto: sizes and orientation', () => {
  it('applies EXIF orientation 6 to a 400×200 JPEG', async () => {
    // Blue band on the stored image's left; turned 90° clockwise it is on top.
    const bytes = await bands(400, 200, [[0, 0, 255], [255, 0, 0], [255, 0, 0], [255, 0, 0]]).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const photo = await processPhoto(bytes, { clip: clip('direct') });
    expect(photo).toMatchObject({ format: 'jpeg', width: 200, height: 400, orientation: 6 });
    // Short side 200 < 256 and long side 400 < 1280: neither output is enlarged.
    expect(photo.grid).toMatchObject({ width: 200, height: 400 });
    expect(photo.preview).toMatchObject({ width: 200, height: 400 });
    expect(await pixelAt(photo.preview.data, 100, 20)).toEqual([expect.closeTo(0, -1), expect.closeTo(0, -1), expect.closeTo(255, -1)]);
    expect(await pixelAt(photo.preview.data, 100, 380)).toEqual([expect.closeTo(255, -1), expect.closeTo(0, -1), expect.closeTo(0, -1)]);
    expect(photo.clipInput).toHaveLength(3 * 224 * 224);
  });

  it.each([
    [3000, 2000, 1, { width: 384, height: 256 }, { width: 1280, height: 853 }],
    [2000, 3000, 1, { width: 256, height: 384 }, { width: 853, height: 1280 }],
    // Turned a quarter: the shrink-on-load target must be the displayed shape, not the stored one.
    [3000, 2000, 6, { width: 256, height: 384 }, { width: 853, height: 1280 }],
    // A panorama: its grid image needs more than the preview's 1280 px of length.
    [6000, 600, 1, { width: 2560, height: 256 }, { width: 1280, height: 128 }],
  ])('sizes a %i×%i photo with orientation %i', async (width, height, orientation, grid, preview) => {
    const photo = await processPhoto(await bands(width, height, RAINBOW).jpeg().withMetadata({ orientation }).toBuffer());
    expect([photo.width, photo.height]).toEqual(orientation === 6 ? [height, width] : [width, height]);
    expect(photo.grid).toMatchObject(grid);
    expect(photo.preview).toMatchObject(preview);
  });
});

describe('processPhoto: deferred previews', () => {
  it("'defer' leaves a large JPEG's preview to makePreview, which makes the same one", async () => {
    const bytes = await bands(3000, 2000, RAINBOW).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const deferred = await processPhoto(bytes, { clip: clip('direct'), preview: 'defer' });
    const whole = await processPhoto(bytes, { clip: clip('direct') });
    expect(deferred.preview).toBeUndefined();
    expect(deferred).toMatchObject({ width: 2000, height: 3000, orientation: 6, grid: { width: 256, height: 384 } });
    expect(deferred.clipInput).toHaveLength(3 * 224 * 224);
    const preview = await makePreview(bytes);
    expect(preview).toMatchObject({ width: whole.preview.width, height: whole.preview.height });
    // Turned upright: the first band (red) is on top.
    expect(await pixelAt(preview.data, 400, 20)).toEqual([expect.closeTo(255, -1), expect.closeTo(0, -1), expect.closeTo(0, -1)]);
  });

  it("'defer' still makes the preview where a second decode would cost as much: PNG, or no larger than the grid", async () => {
    const png = await processPhoto(await bands(3000, 2000, RAINBOW).png().toBuffer(), { preview: 'defer' });
    expect(png.preview).toMatchObject({ width: 1280, height: 853 });
    const small = await processPhoto(await bands(300, 200, RAINBOW).jpeg().toBuffer(), { preview: 'defer' });
    expect(small.preview).toMatchObject({ width: 300, height: 200 });
    // A panorama's grid image needs more than its preview does.
    const panorama = await processPhoto(await bands(6000, 600, RAINBOW).jpeg().toBuffer(), { preview: 'defer' });
    expect(panorama.preview).toMatchObject({ width: 1280, height: 128 });
  });

  it("'skip' makes no preview, whatever the format", async () => {
    const photo = await processPhoto(await bands(600, 400, RAINBOW).png().toBuffer(), { preview: 'skip' });
    expect(photo.preview).toBeUndefined();
    expect(photo.grid).toMatchObject({ width: 384, height: 256 });
  });

  it('makePreview reports bad input with the same codes', async () => {
    const jpeg = await noisy(800, 600).jpeg().toBuffer();
    expect(await codeOf(makePreview(jpeg.subarray(0, jpeg.length >> 1)))).toBe('TRUNCATED');
    expect(await codeOf(makePreview(Buffer.from('not a photo')))).toBe('NOT_AN_IMAGE');
    expect(await codeOf(makePreview(jpeg, { maxPixels: 1000 }))).toBe('TOO_LARGE');
  });
});

describe('processPhoto: CLIP input', () => {
  it('normalises a solid colour exactly', async () => {
    const photo = await processPhoto(await solid(300, 200, 255, 0, 0).png().toBuffer(), { clip: clip('direct') });
    const input = photo.clipInput!;
    const plane = 224 * 224;
    const expected = [Math.fround((1 - MEAN[0]) / STD[0]), Math.fround((0 - MEAN[1]) / STD[1]), Math.fround((0 - MEAN[2]) / STD[2])];
    for (let c = 0; c < 3; c++) {
      const channel = input.subarray(c * plane, (c + 1) * plane);
      expect(channel.every((v) => v === expected[c])).toBe(true);
    }
  });

  it("'direct' squashes the whole picture; 'shortest-side-center-crop' keeps the centre", async () => {
    const bytes = await bands(600, 200, [[255, 0, 0], [0, 255, 0], [0, 0, 255]]).png().toBuffer();
    // Which band a column of the middle row shows: the channel that is brightest there (0 red, 1 green, 2 blue).
    const bandAt = (input: Float32Array, x: number) => {
      const plane = 224 * 224;
      const values = [0, 1, 2].map((c) => input[c * plane + 112 * 224 + x]! * STD[c]! + MEAN[c]!);
      return values.indexOf(Math.max(...values));
    };
    const direct = (await processPhoto(bytes, { clip: clip('direct') })).clipInput!;
    const crop = (await processPhoto(bytes, { clip: clip('shortest-side-center-crop') })).clipInput!;
    expect([10, 112, 213].map((x) => bandAt(direct, x))).toEqual([0, 1, 2]);
    expect([3, 112, 220].map((x) => bandAt(crop, x))).toEqual([1, 1, 1]);
  });

  it('drops alpha as PIL convert("RGB") does, keeping the colour under it', async () => {
    const transparentRed = await sharp({ create: { width: 50, height: 50, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    const input = (await processPhoto(transparentRed, { clip: clip('direct') })).clipInput!;
    expect(input[0]).toBe(Math.fround((1 - MEAN[0]) / STD[0]));
  });
});

describe('processPhoto: bad input', () => {
  it('rejects an empty file', async () => {
    expect(await codeOf(processPhoto(Buffer.alloc(0)))).toBe('EMPTY_FILE');
  });

  it('rejects text named .jpg', async () => {
    expect(await codeOf(processPhoto(Buffer.from('This is a note, not a photo.\n')))).toBe('NOT_AN_IMAGE');
  });

  it('names formats it recognises but cannot read', async () => {
    const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom\0\0\0\0isommp41', 'latin1'), Buffer.alloc(64)]);
    const psd = Buffer.concat([Buffer.from('8BPS', 'latin1'), Buffer.alloc(64)]);
    expect(await codeOf(processPhoto(mp4))).toBe('UNSUPPORTED');
    expect(await codeOf(processPhoto(psd))).toBe('UNSUPPORTED');
  });

  it('reports a JPEG or PNG cut in half as truncated', async () => {
    for (const bytes of [await noisy(800, 600).jpeg().toBuffer(), await noisy(800, 600).png().toBuffer()]) {
      expect(await codeOf(processPhoto(bytes.subarray(0, bytes.length >> 1)))).toBe('TRUNCATED');
    }
  });

  it('reports garbage after a JPEG header', async () => {
    const jpeg = await noisy(800, 600).jpeg().toBuffer();
    const garbage = Buffer.concat([jpeg.subarray(0, 700), crypto.randomBytes(20_000).map((b) => (b === 0xff ? 0 : b))]);
    expect(['TRUNCATED', 'DECODE_FAILED']).toContain(await codeOf(processPhoto(garbage)));
  });

  it('refuses a 50000×50000 PNG header fast, without decoding it', async () => {
    const started = performance.now();
    expect(await codeOf(processPhoto(pngClaiming(50_000, 50_000)))).toBe('TOO_LARGE');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('honours maxPixels', async () => {
    const bytes = await noisy(600, 400).jpeg().toBuffer();
    expect(await codeOf(processPhoto(bytes, { maxPixels: 600 * 400 - 1 }))).toBe('TOO_LARGE');
    await expect(processPhoto(bytes, { maxPixels: 600 * 400 })).resolves.toBeDefined();
  });
});

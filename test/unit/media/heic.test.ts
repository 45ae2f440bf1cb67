import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { XuntuError } from '../../../main/core/errors.js';
import { processPhoto } from '../../../main/core/media/process-photo.js';
import { encodeHeic, HAS_HEIF_ENC } from '../../helpers/heif-enc.js';

describe.skipIf(!HAS_HEIF_ENC)('HEIC (needs heif-enc from libheif-examples)', () => {
  it('decodes a HEIC, ignoring the EXIF orientation libheif has already accounted for', async () => {
    // heif-enc keeps the JPEG's EXIF (orientation 6) but writes no irot, so the picture is shown as stored: 400×200.
    // HEIF viewers never apply the EXIF orientation; applying it here would turn iPhone photos twice.
    const jpeg = await sharp({ create: { width: 400, height: 200, channels: 3, background: { r: 20, g: 120, b: 220 } } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const bytes = await encodeHeic(jpeg);
    expect(bytes.toString('latin1', 4, 12)).toBe('ftypheic');
    const photo = await processPhoto(bytes, { clip: { size: 224, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], resize: 'direct' } });
    expect(photo).toMatchObject({ format: 'heic', width: 400, height: 200, orientation: null });
    expect(photo.grid).toMatchObject({ width: 400, height: 200 });
    expect((await sharp(photo.grid.data).metadata()).hasAlpha).toBe(false);
    expect(photo.clipInput).toHaveLength(3 * 224 * 224);
  });

  it('reports a HEIC cut short as truncated', async () => {
    const noise = sharp({ create: { width: 320, height: 240, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } });
    const bytes = await encodeHeic(await noise.jpeg().toBuffer());
    const cut = bytes.subarray(0, bytes.length >> 1);
    await expect(processPhoto(cut)).rejects.toSatisfy((err) => err instanceof XuntuError && err.code === 'TRUNCATED');
  });
});

it.skipIf(HAS_HEIF_ENC)('HEIC tests skipped: heif-enc (libheif-examples) is not installed', () => {});

import fs from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { clipInput, type ClipInputSpec } from '../../../main/core/media/clip-input.js';
import { processPhoto } from '../../../main/core/media/process-photo.js';
import { hasRealPhotos, realPhotoSources } from '../../helpers/photo-corpus.js';

const SPEC: ClipInputSpec = {
  size: 224,
  mean: [0.48145466, 0.4578275, 0.40821073],
  std: [0.26862954, 0.26130258, 0.27577711],
  resize: 'direct',
};

function compare(a: Float32Array, b: Float32Array) {
  let max = 0;
  let sum = 0;
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    max = Math.max(max, d);
    sum += d;
    dot += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return { max, mean: sum / a.length, cosine: dot / Math.sqrt(aa * bb) };
}

/**
 * Chinese-CLIP resizes the whole decoded photo straight to 224×224, bicubic. The indexer decodes a big JPEG at 1/8
 * scale (libjpeg's DCT scaling) to a 256 px short side and resizes that to 224×224 instead: an approximation, held
 * here to what it measured on the 3640–3840 × 2400 wallpapers (max 0.54, mean ≤ 0.0082, cosine ≥ 0.99983 in
 * normalised units, where one grey level is about 0.015).
 */
describe.skipIf(!hasRealPhotos())('CLIP input from the shrink-on-load decode (needs /usr/share/backgrounds)', () => {
  it.each(realPhotoSources())('stays within rounding of the full decode for %s', async (file) => {
    const bytes = fs.readFileSync(file);
    const { data, info } = await sharp(bytes).autoOrient().raw().toBuffer({ resolveWithObject: true });
    const reference = await clipInput({ data, width: info.width, height: info.height, channels: info.channels as 3 }, SPEC);
    const indexed = (await processPhoto(bytes, { clip: SPEC, preview: 'defer' })).clipInput!;
    const diff = compare(reference, indexed);
    expect(diff.cosine).toBeGreaterThan(0.9995);
    expect(diff.mean).toBeLessThan(0.012);
    expect(diff.max).toBeLessThan(0.75);
  });
});

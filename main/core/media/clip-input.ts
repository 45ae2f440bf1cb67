import sharp from 'sharp';

export interface ClipInputSpec {
  size: number;
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
  /**
   * 'direct': squash to size×size (Chinese-CLIP's preprocessing). 'shortest-side-center-crop': shortest side to
   * size, then the centre square (OpenAI CLIP's). Both bicubic, as PIL's BICUBIC (sharp's 'cubic' is the same
   * Catmull-Rom spline).
   */
  resize: 'direct' | 'shortest-side-center-crop';
}

/** Decoded pixels, 8-bit sRGB, interleaved. */
export interface RawPixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

/**
 * The model's input tensor: NCHW [3, size, size] float32, RGB scaled to [0, 1], then (x - mean) / std.
 * Alpha is dropped before resizing, as PIL's convert('RGB') does in the reference pipelines, rather than
 * flattened onto a colour: the picture keeps the colours stored under its transparency (black, for fully
 * transparent pixels, in most files and after any premultiplied resize).
 */
export async function clipInput(pixels: RawPixels, spec: ClipInputSpec): Promise<Float32Array> {
  const { size } = spec;
  const rgb = await sharp(withoutAlpha(pixels), { raw: { width: pixels.width, height: pixels.height, channels: 3 } })
    .resize(size, size, { fit: spec.resize === 'direct' ? 'fill' : 'cover', position: 'centre', kernel: 'cubic' })
    .raw()
    .toBuffer();
  const plane = size * size;
  const out = new Float32Array(3 * plane);
  // One table per channel holds (v / 255 - mean) / std for every byte value: exact, and no arithmetic per pixel.
  const tables = [0, 1, 2].map((c) => {
    const table = new Float32Array(256);
    for (let v = 0; v < 256; v++) table[v] = (v / 255 - spec.mean[c]!) / spec.std[c]!;
    return table;
  });
  const [r, g, b] = tables as [Float32Array, Float32Array, Float32Array];
  for (let i = 0, p = 0; i < plane; i++, p += 3) {
    out[i] = r[rgb[p]!]!;
    out[plane + i] = g[rgb[p + 1]!]!;
    out[2 * plane + i] = b[rgb[p + 2]!]!;
  }
  return out;
}

/**
 * The RGB bytes of RGBA pixels. Done here rather than with sharp's removeAlpha(), which sharp applies after
 * resizing, by when its premultiplied resize has already blackened every transparent pixel.
 */
function withoutAlpha(pixels: RawPixels): Buffer {
  if (pixels.channels === 3) return pixels.data;
  const { data } = pixels;
  const rgb = Buffer.allocUnsafe((data.length / 4) * 3);
  for (let i = 0, o = 0; i < data.length; i += 4, o += 3) {
    rgb[o] = data[i]!;
    rgb[o + 1] = data[i + 1]!;
    rgb[o + 2] = data[i + 2]!;
  }
  return rgb;
}

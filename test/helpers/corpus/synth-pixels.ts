export type Rgb = readonly [number, number, number];

export interface SynthOptions {
  /** Colour of the top-left corner; the gradient runs diagonally to `to`. */
  from: Rgb;
  to: Rgb;
  /** Peak-to-peak noise amplitude added to every channel, 0 for a clean gradient. */
  noise: number;
  /** Seeds the noise, so the same options always give the same pixels (and the same encoded bytes). */
  seed: number;
  /** Paints the top-left quarter-by-quarter block this colour, so a test can tell which way up a decoder shows it. */
  marker?: Rgb;
}

/** Colour of the orientation marker; far from any gradient colour the specs use, so a lossy round trip keeps it. */
export const MARKER: Rgb = [255, 0, 255];

/**
 * Raw 3-channel pixels of a noisy diagonal gradient. The noise is there because encoders squeeze flat colour into a
 * few hundred bytes, which would make decode and hash timings meaningless.
 */
export function synthPixels(width: number, height: number, opts: SynthOptions): Buffer {
  const out = Buffer.allocUnsafe(width * height * 3);
  const { from, to, marker } = opts;
  const markerW = Math.ceil(width / 4);
  const markerH = Math.ceil(height / 4);
  const span = Math.max(1, width + height - 2);
  let i = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (x + y) / span;
      const colour = marker !== undefined && x < markerW && y < markerH ? marker : undefined;
      for (let c = 0; c < 3; c++) out[i++] = colour ? colour[c]! : Math.round(from[c]! + (to[c]! - from[c]!) * t);
    }
  }
  return addNoise(out, opts.noise, opts.seed);
}

/** Adds deterministic uniform noise of peak-to-peak `amplitude` to every byte of `pixels`, in place. */
export function addNoise(pixels: Buffer, amplitude: number, seed: number): Buffer {
  if (amplitude === 0) return pixels;
  let state = seed >>> 0 || 1;
  for (let i = 0; i < pixels.length; i += 4) {
    // xorshift32, one step per four bytes: a few ns each, which matters at 24 megapixels.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const end = Math.min(i + 4, pixels.length);
    for (let j = i; j < end; j++) {
      const v = pixels[j]! + (((state >>> ((j - i) * 8)) & 0xff) / 255 - 0.5) * amplitude;
      pixels[j] = v <= 0 ? 0 : v >= 255 ? 255 : v;
    }
  }
  return pixels;
}

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
  const { from, to, noise, marker } = opts;
  const markerW = Math.ceil(width / 4);
  const markerH = Math.ceil(height / 4);
  const span = Math.max(1, width + height - 2);
  let state = opts.seed >>> 0 || 1;
  let i = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inMarker = marker !== undefined && x < markerW && y < markerH;
      const t = (x + y) / span;
      // xorshift32: a few ns per pixel, which matters at 24 megapixels.
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      for (let c = 0; c < 3; c++) {
        const base = inMarker ? marker[c]! : from[c]! + (to[c]! - from[c]!) * t;
        const jitter = noise === 0 ? 0 : (((state >>> (c * 8)) & 0xff) / 255 - 0.5) * noise;
        out[i++] = clampByte(base + jitter);
      }
    }
  }
  return out;
}

function clampByte(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}

import sharp, { type Sharp } from 'sharp';
import { errorMessage, XuntuError } from '../errors.js';
import { clipInput, type ClipInputSpec, type RawPixels } from './clip-input.js';
import { decodeFailure } from './decode-error.js';
import type { PhotoFormat } from './formats.js';
import { decodeHeic } from './heic-decoder.js';
import { applyOrientation, swapsSides, validOrientation } from './orientation.js';
import { extractRawPreview, isTiffRaw, type RawContainer, type RawPreview } from './raw-preview.js';
import { sniffContainer, type Container } from './sniff-format.js';
import { GRID_SHORT_SIDE, gridResize, intermediateResize, PREVIEW_RESIZE, previewNeedsLargerDecode } from './thumbnail-sizes.js';
import { readTiff } from './tiff-ifds.js';

export interface ProcessPhotoOptions {
  /** Refuse images whose header claims more pixels than this (decompression bombs). Default 268_402_689 (sharp's default, 16383²). */
  maxPixels?: number;
  /** When set, also produce the CLIP input. */
  clip?: ClipInputSpec;
  /**
   * The 1280 px preview: 'make' it (the default), 'skip' it, or 'defer' it: skip it where makePreview() can make it
   * later for less than this decode would pay for it now, make it otherwise (see makesPreview).
   */
  preview?: PreviewMode;
}

export type PreviewMode = 'make' | 'skip' | 'defer';

export interface EncodedImage {
  data: Buffer;
  width: number;
  height: number;
}

export interface ProcessedPhoto {
  /** Sniffed from the bytes, not the extension. */
  format: PhotoFormat;
  /**
   * Full-resolution size as displayed (after orientation). For a RAW this is the size of its embedded preview,
   * which is the full sensor size for most cameras and smaller for some: the sensor data itself is never decoded.
   */
  width: number;
  height: number;
  /** The EXIF orientation 1..8 that was applied, null if none or invalid (and for HEIC, see heic-decoder.ts). */
  orientation: number | null;
  /** WebP, short side 256 px (fit 'outside'), never enlarged. */
  grid: EncodedImage;
  /** WebP, long side 1280 px (fit 'inside'), never enlarged; absent when skipped or deferred. */
  preview?: EncodedImage;
  /** NCHW [3, size, size], RGB, scaled to [0,1] then (x-mean)/std. */
  clipInput?: Float32Array;
}

const DEFAULT_MAX_PIXELS = 268_402_689;

/**
 * Thumbnails are small and made once per photo: libwebp's effort 2 encodes a 1280 px preview two to three times
 * faster than its default 4, for files about 5% larger; quality 80 is indistinguishable at these sizes.
 */
const WEBP_OPTIONS = { quality: 80, effort: 2 } as const;

/** What one decode must yield. */
interface DecodeTarget {
  maxPixels: number;
  /** The shortest side the intermediate must keep: the grid's, or the CLIP input's when larger; 0 for a preview alone. */
  minShortSide: number;
  preview: PreviewMode;
}

/** The one decode of a photo: its full-size facts and the intermediate pixels every output is made from. */
interface Decoded {
  format: PhotoFormat;
  width: number;
  height: number;
  orientation: number | null;
  pixels: RawPixels;
  /** The intermediate is large enough for the preview, and the preview is wanted. */
  withPreview: boolean;
}

/**
 * Decodes a photo once, orientation applied, to an intermediate no larger than the biggest wanted output needs
 * (sharp shrinks JPEG and WebP while decoding, so a 24 MP JPEG is never fully decoded), then cuts the grid
 * thumbnail, the preview and the CLIP input from that. Every failure is a XuntuError with a stable code.
 *
 * The CLIP input is resized directly to size×size, bicubic, as Chinese-CLIP's preprocessing does, but from the
 * intermediate rather than the full decode: for a big JPEG without its preview that is libjpeg's 1/8-scale
 * decode brought to a 256 px short side. An approximation of the reference, held to cosine ≥ 0.9995 against the
 * full decode on real photos by test/unit/media/clip-shrink-on-load.test.ts.
 */
export function processPhoto(bytes: Buffer, options?: ProcessPhotoOptions & { preview?: 'make' }): Promise<ProcessedPhoto & { preview: EncodedImage }>;
export function processPhoto(bytes: Buffer, options: ProcessPhotoOptions): Promise<ProcessedPhoto>;
export async function processPhoto(bytes: Buffer, options: ProcessPhotoOptions = {}): Promise<ProcessedPhoto> {
  const container = sniffImage(bytes);
  const target: DecodeTarget = {
    maxPixels: options.maxPixels ?? DEFAULT_MAX_PIXELS,
    minShortSide: Math.max(GRID_SHORT_SIDE, options.clip?.size ?? 0),
    preview: options.preview ?? 'make',
  };
  const decoded = await decode(bytes, container, target);
  const { pixels } = decoded;
  const [grid, preview, clip] = await encodeOutputs(() =>
    Promise.all([
      encodeWebp(fromPixels(pixels).resize(gridResize(pixels.width, pixels.height))),
      decoded.withPreview ? encodeWebp(fromPixels(pixels).resize(PREVIEW_RESIZE)) : undefined,
      options.clip ? clipInput(pixels, options.clip) : undefined,
    ]),
  );
  return {
    format: decoded.format,
    width: decoded.width,
    height: decoded.height,
    orientation: decoded.orientation,
    grid,
    ...(preview ? { preview } : {}),
    ...(clip ? { clipInput: clip } : {}),
  };
}

/** The preview alone, from a decode sized for it: for a photo whose processPhoto deferred its preview. */
export async function makePreview(bytes: Buffer, options: Pick<ProcessPhotoOptions, 'maxPixels'> = {}): Promise<EncodedImage> {
  const target: DecodeTarget = { maxPixels: options.maxPixels ?? DEFAULT_MAX_PIXELS, minShortSide: 0, preview: 'make' };
  const { pixels } = await decode(bytes, sniffImage(bytes), target);
  return encodeOutputs(() => encodeWebp(fromPixels(pixels).resize(PREVIEW_RESIZE)));
}

function sniffImage(bytes: Buffer): Container {
  if (bytes.length === 0) throw new XuntuError('EMPTY_FILE', 'The file is empty (0 bytes)');
  const sniffed = sniffContainer(bytes);
  if (sniffed.kind === 'unknown') {
    throw new XuntuError('NOT_AN_IMAGE', 'The file is not an image: its bytes match no format Xuntu reads');
  }
  if (sniffed.kind === 'unsupported') {
    throw new XuntuError('UNSUPPORTED', `The file is ${sniffed.name}, a format Xuntu cannot read`);
  }
  return sniffed.container;
}

/**
 * Whether this decode makes the preview. 'defer' leaves it to a later, separate decode only where the first one
 * gets much cheaper without it: JPEG (RAW previews included) and WebP shrink while decoding, so a 9 MP JPEG
 * decoded at 1/8 scale for its grid image and CLIP input costs 50 CPU ms instead of 128 with the 1280 px preview
 * (libjpeg-turbo, 2-core x86; test/bench/thumbnails.bench.ts), and the photo is searchable that much sooner. The
 * preview's own decode costs more again (117 ms), so the run's total grows: a trade for time to first use. Other
 * formats are decoded whole whatever the output, so a second decode would double their cost: their preview is
 * made now, as is any preview that needs no more pixels than the grid image.
 */
function makesPreview(target: DecodeTarget, width: number, height: number, shrinksOnLoad: boolean): boolean {
  if (target.preview !== 'defer') return target.preview === 'make';
  return !(shrinksOnLoad && previewNeedsLargerDecode(width, height, target.minShortSide));
}

async function decode(bytes: Buffer, container: Container, target: DecodeTarget): Promise<Decoded> {
  switch (container) {
    case 'heic':
      return decodeHeicPhoto(bytes, target);
    case 'raf':
    case 'cr3':
    case 'orf':
      return decodeRaw(bytes, container, target);
    case 'tiff': {
      const tiff = readTiff(bytes);
      if (tiff && isTiffRaw(tiff)) return decodeRaw(bytes, 'tiff', target);
      try {
        return await decodeWithSharp(bytes, { container, format: 'tiff' }, null, target);
      } catch (err) {
        // A RAW layout the structural test missed can still show its preview.
        const preview = err instanceof XuntuError && err.code === 'DECODE_FAILED' ? extractRawPreview(bytes, 'tiff') : null;
        if (preview) return decodePreview(preview, target);
        throw err;
      }
    }
    default:
      return decodeWithSharp(bytes, { container, format: container }, null, target);
  }
}

async function decodeRaw(bytes: Buffer, container: RawContainer, target: DecodeTarget): Promise<Decoded> {
  const preview = extractRawPreview(bytes, container);
  if (!preview) {
    throw new XuntuError('NO_RAW_PREVIEW', 'The RAW file has no embedded JPEG preview Xuntu can use (only sensor data)');
  }
  return decodePreview(preview, target);
}

function decodePreview(preview: RawPreview, target: DecodeTarget): Promise<Decoded> {
  return decodeWithSharp(preview.jpeg, { container: 'jpeg', format: 'raw' }, preview.orientation, target);
}

/**
 * The sharp path, for everything libvips decodes itself: JPEG, PNG, WebP, AVIF, GIF (first frame), TIFF (first
 * page) and RAW previews. `fallbackOrientation` applies only when the image has no EXIF orientation of its own.
 */
async function decodeWithSharp(
  input: Buffer,
  kind: { container: Container; format: PhotoFormat },
  fallbackOrientation: number | null,
  target: DecodeTarget,
): Promise<Decoded> {
  try {
    const meta = await sharp(input).metadata();
    if (!meta.width || !meta.height) throw new XuntuError('DECODE_FAILED', 'The image header gives no size');
    if (meta.width * meta.height > target.maxPixels) {
      throw new XuntuError('TOO_LARGE', `The image is ${meta.width}×${meta.height}, more than the ${target.maxPixels}-pixel limit`);
    }
    const own = validOrientation(meta.orientation);
    const orientation = own ?? fallbackOrientation;
    const [width, height] = swapsSides(orientation) ? [meta.height, meta.width] : [meta.width, meta.height];
    // failOn 'truncated': a cut-off file is an error, but a complete one with minor corruption (common from old
    // cameras) still shows, as in every photo viewer.
    const image = sharp(input, { failOn: 'truncated', limitInputPixels: target.maxPixels, sequentialRead: true });
    if (own !== null) image.autoOrient();
    else if (orientation !== null) applyOrientation(image, orientation);
    // sharp shrinks JPEG and WebP while decoding, but not when a rotate or flop of ours must precede the resize.
    const explicitTurn = own === null && orientation !== null && orientation !== 1;
    const shrinksOnLoad = (kind.container === 'jpeg' || kind.container === 'webp') && !explicitTurn;
    const withPreview = makesPreview(target, width, height, shrinksOnLoad);
    const resize = intermediateResize(width, height, target.minShortSide, withPreview);
    if (resize) image.resize(resize);
    const pixels = await toPixels(image.toColourspace('srgb'));
    return { format: kind.format, width, height, orientation, pixels, withPreview };
  } catch (err) {
    throw decodeFailure(err, input, kind.container, kind.format === 'raw' ? "RAW file's JPEG preview" : undefined);
  }
}

async function decodeHeicPhoto(bytes: Buffer, target: DecodeTarget): Promise<Decoded> {
  let rgba: RawPixels;
  try {
    rgba = await decodeHeic(bytes, target.maxPixels);
  } catch (err) {
    throw decodeFailure(err, bytes, 'heic');
  }
  const image = sharp(rgba.data, { raw: { width: rgba.width, height: rgba.height, channels: 4 } });
  // libheif always returns RGBA; an opaque photo would otherwise carry a useless alpha channel into every output.
  if (isOpaque(rgba.data)) image.removeAlpha();
  const withPreview = makesPreview(target, rgba.width, rgba.height, false);
  const resize = intermediateResize(rgba.width, rgba.height, target.minShortSide, withPreview);
  if (resize) image.resize(resize);
  return { format: 'heic', width: rgba.width, height: rgba.height, orientation: null, pixels: await toPixels(image), withPreview };
}

async function toPixels(image: Sharp): Promise<RawPixels> {
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  const { channels } = info;
  // Both decode paths end in sRGB, with or without alpha; anything else is a bug, not a bad photo.
  if (channels !== 3 && channels !== 4) throw new Error(`Decoded to ${channels} channels where 3 or 4 were expected`);
  return { data, width: info.width, height: info.height, channels };
}

function isOpaque(rgba: Buffer): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) return false;
  return true;
}

function fromPixels(pixels: RawPixels): Sharp {
  return sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: pixels.channels } });
}

/** Encoding what decoded fine fails only on a libvips fault; it is still this photo's failure, not the run's. */
function encodeOutputs<T>(encode: () => Promise<T>): Promise<T> {
  return encode().catch((err: unknown) => {
    throw new XuntuError('DECODE_FAILED', `Decoded the image but could not make its thumbnails: ${errorMessage(err)}`, { cause: err });
  });
}

async function encodeWebp(image: Sharp): Promise<EncodedImage> {
  const { data, info } = await image.webp(WEBP_OPTIONS).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

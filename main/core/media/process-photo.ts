import sharp, { type Sharp } from 'sharp';
import { errorMessage, XuntuError } from '../errors.js';
import { clipInput, type ClipInputSpec, type RawPixels } from './clip-input.js';
import { decodeFailure } from './decode-error.js';
import type { PhotoFormat } from './formats.js';
import { decodeHeic } from './heic-decoder.js';
import { applyOrientation, swapsSides, validOrientation } from './orientation.js';
import { extractRawPreview, isTiffRaw, type RawContainer, type RawPreview } from './raw-preview.js';
import { sniffContainer, type Container } from './sniff-format.js';
import { GRID_SHORT_SIDE, gridResize, intermediateResize, PREVIEW_RESIZE } from './thumbnail-sizes.js';
import { readTiff } from './tiff-ifds.js';

export interface ProcessPhotoOptions {
  /** Refuse images whose header claims more pixels than this (decompression bombs). Default 268_402_689 (sharp's default, 16383²). */
  maxPixels?: number;
  /** When set, also produce the CLIP input. */
  clip?: ClipInputSpec;
}

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
  /** WebP, long side 1280 px (fit 'inside'), never enlarged. */
  preview: EncodedImage;
  /** NCHW [3, size, size], RGB, scaled to [0,1] then (x-mean)/std. */
  clipInput?: Float32Array;
}

const DEFAULT_MAX_PIXELS = 268_402_689;

/**
 * Thumbnails are small and made once per photo: libwebp's effort 2 encodes a 1280 px preview two to three times
 * faster than its default 4, for files about 5% larger; quality 80 is indistinguishable at these sizes.
 */
const WEBP_OPTIONS = { quality: 80, effort: 2 } as const;

interface Limits {
  maxPixels: number;
  /** The shortest side the intermediate must keep: the grid's, or the CLIP input's when larger. */
  minShortSide: number;
}

/** The one decode of a photo: its full-size facts and the intermediate pixels every output is made from. */
interface Decoded {
  format: PhotoFormat;
  width: number;
  height: number;
  orientation: number | null;
  pixels: RawPixels;
}

/**
 * Decodes a photo once, orientation applied, to an intermediate no larger than the biggest output needs (sharp
 * shrinks JPEG and WebP while decoding, so a 24 MP JPEG is never fully decoded), then cuts the grid thumbnail, the
 * preview and the CLIP input from that. Every failure is a XuntuError with a stable code.
 */
export async function processPhoto(bytes: Buffer, options: ProcessPhotoOptions = {}): Promise<ProcessedPhoto> {
  if (bytes.length === 0) throw new XuntuError('EMPTY_FILE', 'The file is empty (0 bytes)');
  const sniffed = sniffContainer(bytes);
  if (sniffed.kind === 'unknown') {
    throw new XuntuError('NOT_AN_IMAGE', 'The file is not an image: its bytes match no format Xuntu reads');
  }
  if (sniffed.kind === 'unsupported') {
    throw new XuntuError('UNSUPPORTED', `The file is ${sniffed.name}, a format Xuntu cannot read`);
  }
  const limits: Limits = {
    maxPixels: options.maxPixels ?? DEFAULT_MAX_PIXELS,
    minShortSide: Math.max(GRID_SHORT_SIDE, options.clip?.size ?? 0),
  };
  const decoded = await decode(bytes, sniffed.container, limits);
  const { pixels } = decoded;
  const fromPixels = () => sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: pixels.channels } });
  const [grid, preview, clip] = await Promise.all([
    encodeWebp(fromPixels().resize(gridResize(pixels.width, pixels.height))),
    encodeWebp(fromPixels().resize(PREVIEW_RESIZE)),
    options.clip ? clipInput(pixels, options.clip) : undefined,
  ]).catch((err: unknown) => {
    throw new XuntuError('DECODE_FAILED', `Decoded the image but could not make its thumbnails: ${errorMessage(err)}`, { cause: err });
  });
  return {
    format: decoded.format,
    width: decoded.width,
    height: decoded.height,
    orientation: decoded.orientation,
    grid,
    preview,
    ...(clip ? { clipInput: clip } : {}),
  };
}

async function decode(bytes: Buffer, container: Container, limits: Limits): Promise<Decoded> {
  switch (container) {
    case 'heic':
      return decodeHeicPhoto(bytes, limits);
    case 'raf':
    case 'cr3':
    case 'orf':
      return decodeRaw(bytes, container, limits);
    case 'tiff': {
      const tiff = readTiff(bytes);
      if (tiff && isTiffRaw(tiff)) return decodeRaw(bytes, 'tiff', limits);
      try {
        return await decodeWithSharp(bytes, { container, format: 'tiff' }, null, limits);
      } catch (err) {
        // A RAW layout the structural test missed can still show its preview.
        const preview = err instanceof XuntuError && err.code === 'DECODE_FAILED' ? extractRawPreview(bytes, 'tiff') : null;
        if (preview) return decodePreview(preview, limits);
        throw err;
      }
    }
    default:
      return decodeWithSharp(bytes, { container, format: container }, null, limits);
  }
}

async function decodeRaw(bytes: Buffer, container: RawContainer, limits: Limits): Promise<Decoded> {
  const preview = extractRawPreview(bytes, container);
  if (!preview) {
    throw new XuntuError('NO_RAW_PREVIEW', 'The RAW file has no embedded JPEG preview Xuntu can use (only sensor data)');
  }
  return decodePreview(preview, limits);
}

function decodePreview(preview: RawPreview, limits: Limits): Promise<Decoded> {
  return decodeWithSharp(preview.jpeg, { container: 'jpeg', format: 'raw' }, preview.orientation, limits);
}

/**
 * The sharp path, for everything libvips decodes itself: JPEG, PNG, WebP, AVIF, GIF (first frame), TIFF (first
 * page) and RAW previews. `fallbackOrientation` applies only when the image has no EXIF orientation of its own.
 */
async function decodeWithSharp(
  input: Buffer,
  kind: { container: Container; format: PhotoFormat },
  fallbackOrientation: number | null,
  limits: Limits,
): Promise<Decoded> {
  try {
    const meta = await sharp(input).metadata();
    if (!meta.width || !meta.height) throw new XuntuError('DECODE_FAILED', 'The image header gives no size');
    if (meta.width * meta.height > limits.maxPixels) {
      throw new XuntuError('TOO_LARGE', `The image is ${meta.width}×${meta.height}, more than the ${limits.maxPixels}-pixel limit`);
    }
    const own = validOrientation(meta.orientation);
    const orientation = own ?? fallbackOrientation;
    const [width, height] = swapsSides(orientation) ? [meta.height, meta.width] : [meta.width, meta.height];
    // failOn 'truncated': a cut-off file is an error, but a complete one with minor corruption (common from old
    // cameras) still shows, as in every photo viewer.
    const image = sharp(input, { failOn: 'truncated', limitInputPixels: limits.maxPixels, sequentialRead: true });
    if (own !== null) image.autoOrient();
    else if (orientation !== null) applyOrientation(image, orientation);
    const resize = intermediateResize(width, height, limits.minShortSide);
    if (resize) image.resize(resize);
    const pixels = await toPixels(image.toColourspace('srgb'));
    return { format: kind.format, width, height, orientation, pixels };
  } catch (err) {
    throw decodeFailure(err, input, kind.container, kind.format === 'raw' ? "RAW file's JPEG preview" : undefined);
  }
}

async function decodeHeicPhoto(bytes: Buffer, limits: Limits): Promise<Decoded> {
  let rgba: RawPixels;
  try {
    rgba = await decodeHeic(bytes, limits.maxPixels);
  } catch (err) {
    throw decodeFailure(err, bytes, 'heic');
  }
  const image = sharp(rgba.data, { raw: { width: rgba.width, height: rgba.height, channels: 4 } });
  // libheif always returns RGBA; an opaque photo would otherwise carry a useless alpha channel into every output.
  if (isOpaque(rgba.data)) image.removeAlpha();
  const resize = intermediateResize(rgba.width, rgba.height, limits.minShortSide);
  if (resize) image.resize(resize);
  return { format: 'heic', width: rgba.width, height: rgba.height, orientation: null, pixels: await toPixels(image) };
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

async function encodeWebp(image: Sharp): Promise<EncodedImage> {
  const { data, info } = await image.webp(WEBP_OPTIONS).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

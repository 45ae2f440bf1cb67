import { errorMessage, XuntuError } from '../errors.js';
import type { RawPixels } from './clip-input.js';

/**
 * Decodes the first top-level image of a HEIC to RGBA. sharp's prebuilt libvips has no HEVC decoder (patents),
 * so this goes through libheif compiled to wasm. libheif applies the HEIF transforms (irot, imir, clap) while
 * decoding, which is what HEIF requires: the EXIF orientation in a HEIC only restates those transforms and must
 * not be applied again. Note the work is synchronous on the calling thread.
 *
 * libheif's wasm bundle is imported on first use: loading it costs ~250 ms, which every CLI start (a re-scan, a
 * search) would otherwise pay without ever meeting a HEIC.
 */
export async function decodeHeic(bytes: Buffer, maxPixels: number): Promise<RawPixels> {
  const { default: decodeHeicFile } = await import('heic-decode');
  let images: Awaited<ReturnType<typeof decodeHeicFile.all>>;
  try {
    images = await decodeHeicFile.all({ buffer: bytes });
  } catch (err) {
    throw new XuntuError('DECODE_FAILED', `Could not read the HEIC file: ${errorMessage(err)}`, { cause: err });
  }
  try {
    const first = images[0];
    if (!first) throw new XuntuError('DECODE_FAILED', 'The HEIC file holds no image');
    if (first.width * first.height > maxPixels) {
      throw new XuntuError('TOO_LARGE', `The HEIC image is ${first.width}×${first.height}, more than the ${maxPixels}-pixel limit`);
    }
    const { data, width, height } = await first.decode();
    return { data: Buffer.from(data.buffer, data.byteOffset, data.byteLength), width, height, channels: 4 };
  } catch (err) {
    if (err instanceof XuntuError) throw err;
    throw new XuntuError('DECODE_FAILED', `Could not decode the HEIC image: ${errorMessage(err)}`, { cause: err });
  } finally {
    images.dispose();
  }
}

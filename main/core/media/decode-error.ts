import { errorMessage, XuntuError } from '../errors.js';
import { bmffIsTruncated } from './bmff-boxes.js';
import { scanJpeg } from './jpeg-stream.js';
import type { Container } from './sniff-format.js';

/**
 * Turns a decoder's failure into a stable code. Truncation is judged from the file's structure first, because
 * decoders word it inconsistently (libpng says only "read error"); their words are the fallback. `label` names
 * what was being decoded, for the message.
 */
export function decodeFailure(err: unknown, bytes: Buffer, container: Container, label = `${container.toUpperCase()} image`): XuntuError {
  if (err instanceof XuntuError && err.code !== 'DECODE_FAILED') return err;
  const detail = errorMessage(err);
  if (/exceeds pixel limit/i.test(detail)) {
    return new XuntuError('TOO_LARGE', `The ${label} has more pixels than the decoding limit (${detail})`, { cause: err });
  }
  if (isTruncated(bytes, container) || /premature end|truncated|unexpected end|end of (file|stream)/i.test(detail)) {
    return new XuntuError('TRUNCATED', `The ${label} is cut short (${detail})`, { cause: err });
  }
  if (err instanceof XuntuError) return err;
  return new XuntuError('DECODE_FAILED', `Could not decode the ${label}: ${detail}`, { cause: err });
}

function isTruncated(bytes: Buffer, container: Container): boolean {
  switch (container) {
    case 'jpeg':
      return scanJpeg(bytes, 0).kind === 'truncated';
    case 'png':
      return pngIsTruncated(bytes);
    case 'webp':
      return bytes.length >= 8 && bytes.readUInt32LE(4) + 8 > bytes.length;
    case 'avif':
    case 'heic':
    case 'cr3':
      return bmffIsTruncated(bytes);
    default:
      return false;
  }
}

/** A PNG is whole when its chunks lead, each within the file, to IEND. */
function pngIsTruncated(bytes: Buffer): boolean {
  let at = 8;
  while (at + 8 <= bytes.length) {
    if (bytes.toString('latin1', at + 4, at + 8) === 'IEND') return false;
    at += 12 + bytes.readUInt32BE(at);
  }
  return true;
}

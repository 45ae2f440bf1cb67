import exifr from 'exifr';
import { XuntuError } from '../errors.js';
import { XmpPacket, type XmpKeywords } from './xmp-packet.js';

export interface EmbeddedKeywords extends XmpKeywords {
  /** Why part of the photo's metadata could not be read (the rest is still returned); null when all was fine. */
  problem: XuntuError | null;
}

/**
 * Only the two blocks that carry keywords. The XMP comes back unparsed so that XmpPacket reads it, with the same
 * rules (and the same XML-bomb guard) as a sidecar; IPTC Keywords come as exifr's strings.
 */
const EXIFR_OPTIONS = {
  tiff: true,
  exif: false,
  gps: false,
  ifd1: false,
  interop: false,
  makerNote: false,
  userComment: false,
  icc: false,
  jfif: false,
  ihdr: false,
  iptc: true,
  xmp: { parse: false },
  mergeOutput: false,
  translateKeys: true,
  translateValues: false,
  reviveValues: false,
};

/**
 * The keywords written into a photo itself: XMP dc:subject and lr:hierarchicalSubject, and IPTC Keywords (as flat
 * keywords). The file is only read, in the chunks exifr needs. A format exifr does not read simply has none.
 */
export async function readEmbeddedKeywords(photoPath: string): Promise<EmbeddedKeywords> {
  let output: { iptc?: { Keywords?: unknown }; xmp?: unknown } | undefined;
  try {
    output = await exifr.parse(photoPath, EXIFR_OPTIONS);
  } catch (err) {
    const errno = (err as NodeJS.ErrnoException).code;
    const problem = errno ? new XuntuError('XMP_UNREADABLE', `cannot read ${photoPath}: ${(err as Error).message}`, { cause: err }) : null;
    return { subject: [], hierarchical: [], problem };
  }
  const iptc = [output?.iptc?.Keywords].flat().filter((k): k is string => typeof k === 'string').map(iptcText);
  const keywords: EmbeddedKeywords = { subject: iptc.filter((k) => k !== ''), hierarchical: [], problem: null };
  if (typeof output?.xmp === 'string') {
    try {
      const xmp = XmpPacket.parse(output.xmp).keywords();
      keywords.subject.push(...xmp.subject);
      keywords.hierarchical.push(...xmp.hierarchical);
    } catch (err) {
      keywords.problem = new XuntuError('XMP_MALFORMED', `the XMP inside ${photoPath}: ${(err as Error).message}`, { cause: err });
    }
  }
  return keywords;
}

/**
 * exifr reads IPTC strings byte for byte as Latin-1. Nearly every writer today stores UTF-8 (announced in a
 * separate record exifr does not return), and Latin-1 text is almost never also valid UTF-8, so: UTF-8 when the
 * bytes decode as such, Latin-1 otherwise.
 */
function iptcText(latin1: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(latin1, 'latin1')).replace(/\0+$/, '').trim();
  } catch {
    return latin1.replace(/\0+$/, '').trim();
  }
}

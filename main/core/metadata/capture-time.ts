import type { ExifBlocks, Tags } from './exif-blocks.js';
import { dateFromFileName } from './filename-date.js';
import { asUtcMs, formatWallClock, localWallClock, wallClock, type WallClock } from './wall-clock.js';

export type TakenSource = 'exif-original' | 'exif-digitized' | 'exif-modified' | 'gps' | 'xmp' | 'filename' | 'file-mtime';

export interface CaptureTime {
  /** 'YYYY-MM-DDTHH:MM:SS' (+ '.sss' when subseconds exist), wall-clock as the camera saw it. */
  takenLocal: string | null;
  /** UTC offset in minutes, when known. */
  takenOffsetMin: number | null;
  /** The instant, when the offset is known. */
  takenUtcMs: number | null;
  takenSource: TakenSource;
}

/** A wall clock and, when known, its UTC offset. */
interface Stamp {
  clock: WallClock;
  offsetMin: number | null;
}

const TAG = {
  ModifyDate: 0x0132,
  DateTimeOriginal: 0x9003,
  CreateDate: 0x9004,
  OffsetTime: 0x9010,
  OffsetTimeOriginal: 0x9011,
  OffsetTimeDigitized: 0x9012,
  SubSecTime: 0x9290,
  SubSecTimeOriginal: 0x9291,
  SubSecTimeDigitized: 0x9292,
  GPSTimeStamp: 0x0007,
  GPSDateStamp: 0x001d,
} as const;

/**
 * When the photo was taken, from the best source that holds a believable value, in this order: EXIF
 * DateTimeOriginal, CreateDate (digitized), XMP, ModifyDate, the GPS clock (UTC), a date in the file name, and
 * finally the file's modification time. A source holding a placeholder (0000:00:00, blanks, year 9999) is skipped.
 *
 * Sources that give only an instant (GPS, an epoch in the name, the mtime) are shown on this machine's clock,
 * which for most people is the zone they take their photos in.
 */
export function captureTime(blocks: ExifBlocks, fileName: string, mtimeMs: number): CaptureTime {
  const { ifd0, exif, gps, xmp } = blocks;
  const tag = (id: number) => exif[id] ?? ifd0[id];
  const gpsMs = gpsInstant(gps);

  const original = exifStamp(tag(TAG.DateTimeOriginal), tag(TAG.SubSecTimeOriginal), tag(TAG.OffsetTimeOriginal));
  if (original) return fromStamp(withGpsOffset(original, gpsMs), 'exif-original');
  const digitized = exifStamp(tag(TAG.CreateDate), tag(TAG.SubSecTimeDigitized), tag(TAG.OffsetTimeDigitized));
  if (digitized) return fromStamp(withGpsOffset(digitized, gpsMs), 'exif-digitized');
  const fromXmp = parseDateTime(xmp['photoshop:DateCreated']) ?? parseDateTime(xmp['xmp:CreateDate']);
  if (fromXmp) return fromStamp(fromXmp, 'xmp');
  // ModifyDate is often an editor's, not the camera's, so the GPS clock is not used to place it.
  const modified = exifStamp(ifd0[TAG.ModifyDate], tag(TAG.SubSecTime), tag(TAG.OffsetTime));
  if (modified) return fromStamp(modified, 'exif-modified');
  if (gpsMs !== null) {
    const fromGps = fromInstant(gpsMs, 'gps');
    if (fromGps) return fromGps;
  }
  const named = dateFromFileName(fileName);
  if (named?.kind === 'wall-clock') return fromStamp({ clock: named.clock, offsetMin: null }, 'filename');
  if (named?.kind === 'instant') {
    const fromName = fromInstant(named.ms, 'filename');
    if (fromName) return fromName;
  }
  return fromInstant(mtimeMs, 'file-mtime') ?? { takenLocal: null, takenOffsetMin: null, takenUtcMs: null, takenSource: 'file-mtime' };
}

function fromStamp({ clock, offsetMin }: Stamp, source: TakenSource): CaptureTime {
  return {
    takenLocal: formatWallClock(clock),
    takenOffsetMin: offsetMin,
    takenUtcMs: offsetMin === null ? null : asUtcMs(clock) - offsetMin * 60_000,
    takenSource: source,
  };
}

function fromInstant(ms: number, source: TakenSource): CaptureTime | null {
  const local = localWallClock(ms);
  return local && { ...fromStamp(local, source), takenUtcMs: Math.floor(ms) };
}

/** An EXIF date string with its SubSecTime and OffsetTime companions. */
function exifStamp(date: unknown, subSeconds: unknown, offset: unknown): Stamp | null {
  const stamp = parseDateTime(date);
  if (!stamp) return null;
  const ms = parseSubSeconds(subSeconds);
  const clock = ms === null ? stamp.clock : { ...stamp.clock, ms };
  return { clock, offsetMin: parseOffset(offset) ?? stamp.offsetMin };
}

/**
 * 'YYYY:MM:DD HH:MM:SS' as EXIF writes it, and the ISO 8601 forms XMP and some writers use
 * ('2023-05-01T14:22:33.5+08:00'). A date without a time of day is not a capture time.
 */
const DATE_TIME = /^(\d{4})[:\-/.](\d{1,2})[:\-/.](\d{1,2})[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

function parseDateTime(value: unknown): Stamp | null {
  const m = typeof value === 'string' ? DATE_TIME.exec(cleanString(value)) : null;
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
  const clock = wallClock(year, month, day, hour, minute, Number(m[6] ?? 0), m[7] === undefined ? null : fractionToMs(m[7]));
  return clock && { clock, offsetMin: m[8] === undefined ? null : parseOffset(m[8]) };
}

/** SubSecTime* are the digits after the decimal point: '5' is 500 ms, '045' is 45 ms. */
function parseSubSeconds(value: unknown): number | null {
  const digits = typeof value === 'string' ? cleanString(value) : typeof value === 'number' ? String(value) : '';
  return /^\d+$/.test(digits) ? fractionToMs(digits) : null;
}

function fractionToMs(digits: string): number {
  return Number(digits.padEnd(3, '0').slice(0, 3));
}

/** '+08:00' → 480. Real offsets run from -12:00 to +14:00. */
function parseOffset(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const text = cleanString(value);
  if (text === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(text);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  const offset = m[1] === '-' ? -minutes : minutes;
  return Number(m[3]) < 60 && offset >= -720 && offset <= 840 ? offset : null;
}

/** GPSDateStamp 'YYYY:MM:DD' with GPSTimeStamp [h, m, s], which GPS receivers keep in UTC. */
function gpsInstant(gps: Tags): number | null {
  const date = gps[TAG.GPSDateStamp];
  const time = gps[TAG.GPSTimeStamp];
  if (typeof date !== 'string' || !Array.isArray(time) || time.length !== 3 || !time.every((n) => typeof n === 'number')) return null;
  const d = /^(\d{4})[:\-](\d{2})[:\-](\d{2})$/.exec(cleanString(date));
  if (!d) return null;
  const [h, m, s] = time as [number, number, number];
  const whole = Math.floor(s);
  const clock = wallClock(Number(d[1]), Number(d[2]), Number(d[3]), h, m, whole, Math.round((s - whole) * 1000) % 1000);
  return clock && asUtcMs(clock);
}

/**
 * A camera that records no offset but has a GPS fix still tells the zone: its clock minus GPS time. Trusted only
 * when that lands within 90 s of a whole quarter hour (every zone is one) inside the real -12..+14 h range, so a
 * stale fix, which would give an odd difference, is ignored rather than believed.
 */
function withGpsOffset(stamp: Stamp, gpsMs: number | null): Stamp {
  if (stamp.offsetMin !== null || gpsMs === null) return stamp;
  const minutes = (asUtcMs(stamp.clock) - gpsMs) / 60_000;
  const quarterHours = Math.round(minutes / 15) * 15;
  if (Math.abs(minutes - quarterHours) > 1.5 || quarterHours < -720 || quarterHours > 840) return stamp;
  return { ...stamp, offsetMin: quarterHours };
}

/** EXIF strings arrive NUL-padded or blank-padded; an all-blank value is empty. */
function cleanString(value: string): string {
  return value.replace(/\0[\s\S]*$/, '').trim();
}

import type { Tags } from './exif-blocks.js';

export interface GpsPosition {
  lat: number;
  lon: number;
  alt: number | null;
}

const TAG = { LatitudeRef: 1, Latitude: 2, LongitudeRef: 3, Longitude: 4, AltitudeRef: 5, Altitude: 6 } as const;

/**
 * Where the photo was taken, or null when the GPS block is absent or not believable: NaN or out-of-range
 * coordinates, and (0, 0), which is what a receiver without a fix writes, not a place anyone photographs.
 */
export function gpsPosition(gps: Tags): GpsPosition | null {
  const lat = coordinate(gps[TAG.Latitude], gps[TAG.LatitudeRef], 'S', 90);
  const lon = coordinate(gps[TAG.Longitude], gps[TAG.LongitudeRef], 'W', 180);
  if (lat === null || lon === null || (lat === 0 && lon === 0)) return null;
  return { lat, lon, alt: altitude(gps[TAG.Altitude], gps[TAG.AltitudeRef]) };
}

/** Degrees from EXIF's [degrees, minutes, seconds], signed by the reference letter. */
function coordinate(value: unknown, ref: unknown, negativeRef: 'S' | 'W', limit: number): number | null {
  const dms = typeof value === 'number' ? [value, 0, 0] : Array.isArray(value) && value.length === 3 ? value : null;
  if (!dms || !dms.every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0)) return null;
  const [d, m, s] = dms as [number, number, number];
  if (m >= 60 || s > 60) return null;
  const degrees = d + m / 60 + s / 3600;
  if (degrees > limit) return null;
  const sign = typeof ref === 'string' && ref.trim().toUpperCase() === negativeRef ? -1 : 1;
  // Seven decimals are about a centimetre; the rest is rational-to-float noise.
  return Math.round(sign * degrees * 1e7) / 1e7;
}

/** Metres above sea level; reference 1 means below it. Beyond ±100 km it is garbage, not a place. */
function altitude(value: unknown, ref: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > 100_000) return null;
  const below = (ArrayBuffer.isView(ref) ? (ref as Uint8Array)[0] : ref) === 1;
  return below ? -Math.abs(value) : value;
}

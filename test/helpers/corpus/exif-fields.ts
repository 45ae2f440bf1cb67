import type { Exif } from 'sharp';

export interface Taken {
  /** Wall-clock time as the camera saw it, in the library's `taken_local` form: 'YYYY-MM-DDTHH:MM:SS'. */
  local: string;
  /** UTC offset in minutes from OffsetTimeOriginal, or null when the file does not say (as many cameras don't). */
  offsetMin: number | null;
}

export interface Camera {
  make: string;
  model: string;
}

export interface Gps {
  lat: number;
  lon: number;
}

export interface ExifFacts {
  taken?: Taken | null;
  camera?: Camera | null;
  gps?: Gps | null;
}

/** The sharp `withExif` object stating these facts, in the string forms EXIF stores them in. */
export function exifFor(facts: ExifFacts): Exif {
  const exif: Exif = {};
  if (facts.camera) exif.IFD0 = { Make: facts.camera.make, Model: facts.camera.model };
  if (facts.taken) {
    // EXIF writes the date with colons: 2023:07:15 18:30:00.
    exif.IFD2 = { DateTimeOriginal: facts.taken.local.replace(/-/g, ':').replace('T', ' ') };
    if (facts.taken.offsetMin !== null) exif.IFD2.OffsetTimeOriginal = formatOffset(facts.taken.offsetMin);
  }
  if (facts.gps) {
    exif.IFD3 = {
      GPSLatitudeRef: facts.gps.lat < 0 ? 'S' : 'N',
      GPSLatitude: toDmsRationals(facts.gps.lat),
      GPSLongitudeRef: facts.gps.lon < 0 ? 'W' : 'E',
      GPSLongitude: toDmsRationals(facts.gps.lon),
    };
  }
  return exif;
}

function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Degrees as three EXIF rationals; seconds keep two decimals, i.e. well under a metre. */
function toDmsRationals(value: number): string {
  const abs = Math.abs(value);
  const deg = Math.floor(abs);
  const min = Math.floor((abs - deg) * 60);
  const sec = Math.round(((abs - deg) * 60 - min) * 60 * 100);
  return `${deg}/1 ${min}/1 ${sec}/100`;
}

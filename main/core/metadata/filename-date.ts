import { wallClock, type WallClock } from './wall-clock.js';

export type FileNameDate = { kind: 'wall-clock'; clock: WallClock } | { kind: 'instant'; ms: number };

/**
 * A full date and time in the name: IMG_20230501_142233, PXL_20230501_142233123, 2023-05-01 14.22.33,
 * Screenshot_2023-05-01-14-22-33, 微信图片_20230501142233. Digits must not run on either side, so a longer number
 * is never cut into a date.
 */
const DATE_TIME = /(?<!\d)((?:19|20)\d\d)[-_.]?(\d\d)[-_.]?(\d\d)[-_. T]?(\d\d)[-_.:]?(\d\d)[-_.:]?(\d\d)(?:[-_.]?(\d{3}))?(?!\d)/g;

/**
 * Milliseconds since the epoch, as WeChat names saved and exported photos: mmexport1682921553000,
 * wx_camera_1682921553000. An instant, not a wall clock. Thirteen digits starting with 1 span 2001 to 2033.
 */
const EPOCH_MS = /^(?:mmexport|wx_camera_|microMsg\.)?(1\d{12})(?!\d)/i;

/** The capture time a photo's file name states, if it states one. */
export function dateFromFileName(fileName: string): FileNameDate | null {
  const epoch = EPOCH_MS.exec(fileName);
  if (epoch) return { kind: 'instant', ms: Number(epoch[1]) };
  for (const m of fileName.matchAll(DATE_TIME)) {
    const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    const clock = wallClock(year, month, day, hour, minute, second, m[7] === undefined ? null : Number(m[7]));
    if (clock) return { kind: 'wall-clock', clock };
  }
  return null;
}

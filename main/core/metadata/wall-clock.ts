/** A calendar date and time of day as a clock showed it, with no time zone attached. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Milliseconds, when the source has subseconds; null when it has none. */
  ms: number | null;
}

/** Capture dates outside this range are placeholders or corruption (0000:00:00, 9999:…), never real photos. */
const MIN_YEAR = 1800;
const MAX_YEAR = 2200;

/** A wall clock from its parts, or null when any part is out of range (month 0, 31 April, hour 24, year 0000). */
export function wallClock(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number | null): WallClock | null {
  const parts = [year, month, day, hour, minute, second];
  if (!parts.every(Number.isInteger) || (ms !== null && !(Number.isInteger(ms) && ms >= 0 && ms < 1000))) return null;
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  if (hour > 23 || minute > 59 || second > 59 || hour < 0 || minute < 0 || second < 0) return null;
  return { year, month, day, hour, minute, second, ms };
}

/** 'YYYY-MM-DDTHH:MM:SS', plus '.sss' when the clock has subseconds: the library's taken_local form. */
export function formatWallClock(c: WallClock): string {
  const p = (n: number, width = 2) => String(n).padStart(width, '0');
  const base = `${p(c.year, 4)}-${p(c.month)}-${p(c.day)}T${p(c.hour)}:${p(c.minute)}:${p(c.second)}`;
  return c.ms === null ? base : `${base}.${p(c.ms, 3)}`;
}

/** The instant this wall clock names if it were UTC; subtract the offset to get the real instant. */
export function asUtcMs(c: WallClock): number {
  return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second, c.ms ?? 0);
}

/** An instant as this machine's clock shows it, with the machine's UTC offset then. */
export function localWallClock(instantMs: number): { clock: WallClock; offsetMin: number } | null {
  const d = new Date(instantMs);
  if (Number.isNaN(d.getTime())) return null;
  const ms = d.getMilliseconds();
  const clock = wallClock(d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), ms === 0 ? null : ms);
  return clock && { clock, offsetMin: -d.getTimezoneOffset() };
}

/**
 * A calendar day with no time of day and no zone. Photo dates are filtered by the local day they were taken on, so
 * every computation here is on plain year/month/day numbers.
 */
export interface LocalDate {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  /** 1–31 */
  readonly day: number;
}

export function localDateOf(now: Date): LocalDate {
  return { year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() };
}

/** undefined for days that do not exist (2 月 30 日, 2023-02-29), so callers refuse them instead of rolling over. */
export function makeDate(year: number, month: number, day: number): LocalDate | undefined {
  if (![year, month, day].every(Number.isInteger)) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function daysInMonth(year: number, month: number): number {
  return toUtc({ year, month: month + 1, day: 0 }).getUTCDate();
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromUtc(toUtc({ ...date, day: date.day + days }));
}

/** Keeps the day where it can and otherwise clamps to the month's end: 1 月 31 日 plus a month is 2 月 28/29 日. */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const first = fromUtc(toUtc({ year: date.year, month: date.month + months, day: 1 }));
  return { ...first, day: Math.min(date.day, daysInMonth(first.year, first.month)) };
}

/** 1 = Monday … 7 = Sunday: Chinese calendars start the week on Monday (周一). */
export function isoWeekday(date: LocalDate): number {
  return toUtc(date).getUTCDay() || 7;
}

export function mondayOf(date: LocalDate): LocalDate {
  return addDays(date, 1 - isoWeekday(date));
}

export function isoDate(date: LocalDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

export function parseIsoDate(iso: string): LocalDate {
  const [year = NaN, month = NaN, day = NaN] = iso.split('-').map(Number);
  return { year, month, day };
}

// Arithmetic goes through UTC so a daylight-saving change can never shift a date, and through setUTCFullYear because
// Date.UTC reads years 0–99 as 1900–1999.
function toUtc(date: LocalDate): Date {
  const t = new Date(0);
  t.setUTCFullYear(date.year, date.month - 1, date.day);
  return t;
}

function fromUtc(t: Date): LocalDate {
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

import { addDays, daysInMonth, isoDate, type LocalDate } from './local-date.js';

/** Inclusive local dates, 'YYYY-MM-DD'; as strings of equal width they compare correctly with < and >. */
export interface DateRange {
  from: string;
  to: string;
}

/**
 * Years the parser resolves to: the 19xx and 20xx that four-digit years in queries are read as. An expression landing
 * outside ("999年前") is left as text, which also keeps lunar look-ups and four-digit formatting on safe ground.
 */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2099;

export function isSupportedYear(year: number): boolean {
  return Number.isInteger(year) && year >= FIRST_YEAR && year <= LAST_YEAR;
}

export function isSupportedRange(range: DateRange): boolean {
  return range.from >= `${FIRST_YEAR}-01-01` && range.to <= `${LAST_YEAR}-12-31`;
}

export function spanRange(from: LocalDate, to: LocalDate): DateRange {
  return { from: isoDate(from), to: isoDate(to) };
}

export function dayRange(date: LocalDate): DateRange {
  return spanRange(date, date);
}

export function monthRange(year: number, month: number): DateRange {
  return spanRange({ year, month, day: 1 }, { year, month, day: daysInMonth(year, month) });
}

export function yearRange(year: number): DateRange {
  return spanRange({ year, month: 1, day: 1 }, { year, month: 12, day: 31 });
}

/** Monday through Sunday. */
export function weekRange(monday: LocalDate): DateRange {
  return spanRange(monday, addDays(monday, 6));
}

/** The days every range covers; null when there are no ranges or they share no day. */
export function intersectRanges(ranges: readonly DateRange[]): DateRange | null {
  if (ranges.length === 0) return null;
  const from = ranges.map((r) => r.from).reduce((a, b) => (a > b ? a : b));
  const to = ranges.map((r) => r.to).reduce((a, b) => (a < b ? a : b));
  return from <= to ? { from, to } : null;
}

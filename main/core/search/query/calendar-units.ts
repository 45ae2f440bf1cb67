import { dayRange, monthRange, weekRange, yearRange, type DateRange } from './date-range.js';
import { addDays, addMonths, mondayOf, type LocalDate } from './local-date.js';
import { monthLabel, rangeLabel, yearLabel, type Label } from './time-labels.js';

export type CalendarUnit = 'day' | 'week' | 'month' | 'year';

/** Unit words after a count (三天, 两周, 一个星期, 三个月). 月 needs 个: 三月 is March, not three months. */
export const COUNTED_UNITS: Readonly<Record<string, CalendarUnit>> = {
  天: 'day', 日: 'day',
  周: 'week', 星期: 'week', 个星期: 'week', 礼拜: 'week', 个礼拜: 'week',
  个月: 'month',
  年: 'year',
};

export function shiftDate(date: LocalDate, unit: CalendarUnit, n: number): LocalDate {
  switch (unit) {
    case 'day': return addDays(date, n);
    case 'week': return addDays(date, 7 * n);
    case 'month': return addMonths(date, n);
    case 'year': return addMonths(date, 12 * n);
  }
}

/** The whole calendar day, week (Monday–Sunday), month or year that contains `date`. */
export function unitRange(date: LocalDate, unit: CalendarUnit): DateRange {
  switch (unit) {
    case 'day': return dayRange(date);
    case 'week': return weekRange(mondayOf(date));
    case 'month': return monthRange(date.year, date.month);
    case 'year': return yearRange(date.year);
  }
}

export function unitLabel(date: LocalDate, unit: CalendarUnit): Label {
  switch (unit) {
    case 'month': return monthLabel(date.year, date.month);
    case 'year': return yearLabel(date.year);
    default: return rangeLabel(unitRange(date, unit));
  }
}

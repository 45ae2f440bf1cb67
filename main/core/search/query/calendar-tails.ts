import { DAY_PATTERN, MONTH_PATTERN, parseCount } from './chinese-numerals.js';
import { dayRange, monthRange } from './date-range.js';
import { FESTIVALS, festivalLabel } from './festivals.js';
import { makeDate, type LocalDate } from './local-date.js';
import { monthLabel, rangeLabel } from './time-labels.js';
import { wordsPattern, type Groups, type TimeMeaning } from './time-rule.js';
import { YEAR_PARTS, yearPartLabel, yearPartRange } from './year-parts.js';

/**
 * The part of a date that repeats every year: a month (and day), a season or half year, a festival. It follows
 * a year (去年夏天, 2023年5月1日, 三年前的国庆) or stands alone (五月, 春节), and calendar-rules then picks the year.
 */
export interface CalendarTail {
  /** The named group that is set when this tail matched. */
  readonly key: string;
  readonly source: string;
  /** What the tail names in `year`; undefined when that year has no such day (2月29日 in 2023). */
  inYear(groups: Groups, year: number, today: LocalDate): TimeMeaning | undefined;
}

/** A month, or a day when one is given; undefined for days that do not exist. */
export function monthOrDay(year: number, month: number, day: number | undefined): TimeMeaning | undefined {
  if (!Number.isInteger(month) || month < 1 || month > 12) return undefined;
  if (day === undefined) return { range: monthRange(year, month), label: monthLabel(year, month), kind: 'absolute' };
  const date = makeDate(year, month, day);
  return date && { range: dayRange(date), label: rangeLabel(dayRange(date)), kind: 'absolute' };
}

const monthTail: CalendarTail = {
  key: 'month',
  source: `(?<month>${MONTH_PATTERN})月(?:份|(?<day>${DAY_PATTERN})[日号])?`,
  inYear(groups, year) {
    const day = groups.day === undefined ? undefined : parseCount(groups.day) ?? NaN;
    return monthOrDay(year, parseCount(groups.month ?? '') ?? NaN, day);
  },
};

/** A tail that is one of a table's words, each item knowing its own dates. */
function wordTail<T extends { readonly words: readonly string[] }>(
  key: string,
  items: readonly T[],
  meaning: (item: T, year: number) => TimeMeaning,
): CalendarTail {
  const byWord = new Map(items.flatMap((item) => item.words.map((word) => [word, item] as const)));
  return {
    key,
    source: `(?<${key}>${wordsPattern(byWord.keys())})`,
    inYear(groups, year) {
      const item = byWord.get(groups[key] ?? '');
      return item && meaning(item, year);
    },
  };
}

const yearPartTail = wordTail('yearPart', YEAR_PARTS, (part, year) => ({
  range: yearPartRange(part, year),
  label: yearPartLabel(part, year),
  kind: part.kind,
}));

const festivalTail = wordTail('festival', FESTIVALS, (festival, year) => ({
  range: festival.occurrence(year),
  label: festivalLabel(festival, year),
  kind: 'festival',
}));

/** 去年的今天: this day in another year, the classic "on this day" search. */
const sameDayTail: CalendarTail = {
  key: 'sameDay',
  source: '(?<sameDay>今天|今日)',
  inYear(_groups, year, today) {
    // From 29 February, a common year's same day is the 28th.
    const date = makeDate(year, today.month, today.day) ?? makeDate(year, today.month, today.day - 1);
    return date && { range: dayRange(date), label: rangeLabel(dayRange(date)), kind: 'relative' };
  },
};

/** Tails that make sense without a year. 今天 alone is a relative day, handled with 昨天 and the like. */
export const STANDALONE_TAILS: readonly CalendarTail[] = [monthTail, yearPartTail, festivalTail];
export const YEAR_TAILS: readonly CalendarTail[] = [...STANDALONE_TAILS, sameDayTail];

export function tailsPattern(tails: readonly CalendarTail[]): string {
  return tails.map((t) => t.source).join('|');
}

export function matchedTail(tails: readonly CalendarTail[], groups: Groups): CalendarTail | undefined {
  return tails.find((t) => groups[t.key] !== undefined);
}

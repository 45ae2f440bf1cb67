import {
  COUNT_PATTERN, FULL_YEAR_PATTERN, parseCount, parseDigitString, SHORT_YEAR_PATTERN,
} from './chinese-numerals.js';
import { matchedTail, STANDALONE_TAILS, tailsPattern, YEAR_TAILS } from './calendar-tails.js';
import { FIRST_YEAR, isSupportedYear, LAST_YEAR, yearRange } from './date-range.js';
import { isoDate, type LocalDate } from './local-date.js';
import { yearLabel } from './time-labels.js';
import { timeRule, wordsPattern, type Groups, type TimeFilterKind, type TimeRule } from './time-rule.js';

const RELATIVE_YEARS: Readonly<Record<string, number>> = { 今年: 0, 去年: -1, 前年: -2, 大前年: -3 };

// N年前 comes before the short year so that 10年前 is "ten years ago", not the year '10 left without a month.
const YEAR_SOURCE = [
  `(?<fullYear>${FULL_YEAR_PATTERN})年`,
  `(?<relYear>${wordsPattern(Object.keys(RELATIVE_YEARS))})`,
  `(?<yearsAgo>${COUNT_PATTERN})年[以之]?前`,
  `(?<shortYear>${SHORT_YEAR_PATTERN})年`,
].join('|');

interface YearAnchor {
  year: number;
  kind: TimeFilterKind;
  /** A two-digit year is only a year when a month, season or festival follows (23年夏天); 10年 alone is a duration. */
  needsTail: boolean;
}

function yearAnchor(groups: Groups, today: LocalDate): YearAnchor | undefined {
  const { fullYear, relYear, yearsAgo, shortYear } = groups;
  if (fullYear !== undefined) return anchor(parseDigitString(fullYear), 'absolute');
  if (relYear !== undefined) return anchor(today.year + (RELATIVE_YEARS[relYear] ?? NaN), 'relative');
  if (yearsAgo !== undefined) return anchor(today.year - (parseCount(yearsAgo) ?? NaN), 'relative');
  const yy = parseDigitString(shortYear ?? '');
  if (yy === undefined) return undefined;
  // '23 is 2023 unless that is still to come, then 1998-style: '98 is 1998.
  const century = 2000 + yy <= today.year ? 2000 : 1900;
  return anchor(century + yy, 'absolute', true);
}

function anchor(year: number | undefined, kind: TimeFilterKind, needsTail = false): YearAnchor | undefined {
  return year !== undefined && isSupportedYear(year) ? { year, kind, needsTail } : undefined;
}

/** A year, alone or followed by what it qualifies: 2023年, 去年夏天, 2023年5月1日, 三年前的国庆, 去年的今天. */
export const yearRule: TimeRule = timeRule(
  `(?:${YEAR_SOURCE})(?:\\s*的?\\s*(?:${tailsPattern(YEAR_TAILS)}))?`,
  (groups, today) => {
    const found = yearAnchor(groups, today);
    if (!found) return undefined;
    const tail = matchedTail(YEAR_TAILS, groups);
    if (tail) return tail.inYear(groups, found.year, today);
    if (found.needsTail) return undefined;
    return { range: yearRange(found.year), label: yearLabel(found.year), kind: found.kind };
  },
);

// Eight years back reaches the previous 2月29日 from any day.
const LOOKBACK_YEARS = 8;

/**
 * A month, day, season, half year or festival with no year means its most recent occurrence that has begun: 五月 said in
 * March is last May, 夏天 in November this year's summer, 冬天 in November last winter, 春节 in early January
 * last year's. One that is under way counts (五月 on 5月20日 is this May).
 */
export const standaloneTailRule: TimeRule = timeRule(`(?:${tailsPattern(STANDALONE_TAILS)})`, (groups, today) => {
  const tail = matchedTail(STANDALONE_TAILS, groups);
  const todayIso = isoDate(today);
  const oldest = Math.max(FIRST_YEAR, today.year - LOOKBACK_YEARS);
  for (let year = Math.min(today.year, LAST_YEAR); tail && year >= oldest; year--) {
    const meaning = tail.inYear(groups, year, today);
    if (meaning && meaning.range.from <= todayIso) return meaning;
  }
  return undefined;
});

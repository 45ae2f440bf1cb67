import { COUNT_PATTERN, parseCount } from './chinese-numerals.js';
import { COUNTED_UNITS, shiftDate, unitLabel, unitRange, type CalendarUnit } from './calendar-units.js';
import { spanRange } from './date-range.js';
import { addDays, type LocalDate } from './local-date.js';
import type { Label } from './time-labels.js';
import { timeRule, wordsPattern, type TimeMeaning, type TimeRule } from './time-rule.js';

interface Offset {
  unit: CalendarUnit;
  by: number;
}

/** Words for a day or month counted back from today. Years (今年, 去年) live in calendar-rules: they take tails. */
const RELATIVE_WORDS: Readonly<Record<string, Offset>> = {
  今天: { unit: 'day', by: 0 }, 今日: { unit: 'day', by: 0 }, 今早: { unit: 'day', by: 0 }, 今晚: { unit: 'day', by: 0 },
  昨天: { unit: 'day', by: -1 }, 昨日: { unit: 'day', by: -1 }, 昨晚: { unit: 'day', by: -1 }, 昨夜: { unit: 'day', by: -1 },
  前天: { unit: 'day', by: -2 },
  大前天: { unit: 'day', by: -3 },
  本月: { unit: 'month', by: 0 }, 这个月: { unit: 'month', by: 0 }, 这月: { unit: 'month', by: 0 },
  上个月: { unit: 'month', by: -1 }, 上月: { unit: 'month', by: -1 }, 上一个月: { unit: 'month', by: -1 },
  上上个月: { unit: 'month', by: -2 }, 上上月: { unit: 'month', by: -2 },
};

function calendarUnitBack(today: LocalDate, { unit, by }: Offset): TimeMeaning {
  const date = shiftDate(today, unit, by);
  return { range: unitRange(date, unit), label: unitLabel(date, unit), kind: 'relative' };
}

/** 今天, 昨天, 大前天, 上个月 …: the whole day or calendar month. */
export const relativeWordRule: TimeRule = timeRule(
  `(?<word>${wordsPattern(Object.keys(RELATIVE_WORDS))})`,
  (groups, today) => {
    const offset = RELATIVE_WORDS[groups.word ?? ''];
    return offset && calendarUnitBack(today, offset);
  },
);

// N年前 is matched by calendar-rules' yearRule, which also takes what follows it (三年前的国庆).
const AGO_UNITS = Object.keys(COUNTED_UNITS).filter((w) => COUNTED_UNITS[w] !== 'year');

/** 三天前, 两周前, 3个月以前: the day, Monday–Sunday week or calendar month that many units back. */
export const agoRule: TimeRule = timeRule(
  `(?<n>${COUNT_PATTERN})(?<unit>${wordsPattern(AGO_UNITS)})[以之]?前`,
  (groups, today) => {
    const n = parseCount(groups.n ?? '');
    const unit = COUNTED_UNITS[groups.unit ?? ''];
    return n === undefined || unit === undefined ? undefined : calendarUnitBack(today, { unit, by: -n });
  },
);

const HALVES: Readonly<Record<string, { unit: CalendarUnit; n: number }>> = {
  半年: { unit: 'month', n: 6 },
  半个月: { unit: 'day', n: 15 },
};

const UNIT_WORDING: Readonly<Record<CalendarUnit, Label>> = {
  day: { zh: '天', en: 'day' },
  week: { zh: '周', en: 'week' },
  month: { zh: '个月', en: 'month' },
  year: { zh: '年', en: 'year' },
};

/**
 * A window ending today and as long as it says, today included: 最近一周 is today and the six days before,
 * 近一个月 starts the day after this date last month. 前两个月 reads the same way ("the past couple of months"),
 * but 前 needs a count of two or more: 前一天 means the day before something else.
 */
export const rollingRule: TimeRule = timeRule(
  `(?:(?<lead>最近|近|过去的?|前)(?<n>${COUNT_PATTERN})(?<unit>${wordsPattern(Object.keys(COUNTED_UNITS))})` +
    `|(?:最近|近|过去的?)(?<half>${wordsPattern(Object.keys(HALVES))}))`,
  (groups, today) => {
    const half = HALVES[groups.half ?? ''];
    const n = half?.n ?? parseCount(groups.n ?? '');
    const unit = half?.unit ?? COUNTED_UNITS[groups.unit ?? ''];
    if (n === undefined || unit === undefined || (groups.lead === '前' && n < 2)) return undefined;
    const wording = UNIT_WORDING[unit];
    return {
      range: spanRange(addDays(shiftDate(today, unit, -n), 1), today),
      label: n === 1
        ? { zh: `最近一${wording.zh}`, en: `Past ${wording.en}` }
        : { zh: `最近${n}${wording.zh}`, en: `Past ${n} ${wording.en}s` },
      kind: 'relative',
    };
  },
);

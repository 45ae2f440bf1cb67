import { spanRange, weekRange } from './date-range.js';
import { addDays, isoDate, mondayOf } from './local-date.js';
import { rangeLabel } from './time-labels.js';
import { timeRule, wordsPattern, type TimeRule } from './time-rule.js';

/** Weeks counted from this one; weeks run Monday to Sunday as on Chinese calendars. */
const WEEK_OFFSETS: Readonly<Record<string, number>> = {
  本: 0, 这: 0, 这个: 0, 这一: 0,
  上: -1, 上个: -1, 上一: -1,
  上上: -2, 上上个: -2,
};

/** Days within a week: first day (1 = Monday) and how many days. 周末 is Saturday and Sunday. */
const WEEK_DAYS: Readonly<Record<string, { first: number; days: number }>> = {
  一: { first: 1, days: 1 }, 二: { first: 2, days: 1 }, 三: { first: 3, days: 1 }, 四: { first: 4, days: 1 },
  五: { first: 5, days: 1 }, 六: { first: 6, days: 1 }, 日: { first: 7, days: 1 }, 天: { first: 7, days: 1 },
  末: { first: 6, days: 2 },
};

/**
 * 本周, 上个星期, 上周六, 这周末, 周日, 星期天, 周末. A whole week needs its 上/这/本 (周 alone is no time). A day
 * without one is the most recent such day that has begun: 周六 on a Wednesday is last Saturday, 周末 on a Sunday
 * this weekend. With one it is that week's day, even if still ahead (这周五 on a Monday).
 */
export const weekRule: TimeRule = timeRule(
  `(?<offset>${wordsPattern(Object.keys(WEEK_OFFSETS))})?(?:周|星期|礼拜)` +
    `(?<day>${wordsPattern(Object.keys(WEEK_DAYS))})?`,
  (groups, today) => {
    const offset = WEEK_OFFSETS[groups.offset ?? ''];
    const day = WEEK_DAYS[groups.day ?? ''];
    const monday = addDays(mondayOf(today), 7 * (offset ?? 0));
    if (!day) {
      const week = weekRange(monday);
      return offset === undefined ? undefined : { range: week, label: rangeLabel(week), kind: 'relative' };
    }
    let first = addDays(monday, day.first - 1);
    if (offset === undefined && isoDate(first) > isoDate(today)) first = addDays(first, -7);
    const range = spanRange(first, addDays(first, day.days - 1));
    return { range, label: rangeLabel(range), kind: 'weekday' };
  },
);

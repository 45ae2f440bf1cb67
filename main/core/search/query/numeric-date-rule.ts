import { monthOrDay } from './calendar-tails.js';
import { timeRule, type TimeRule } from './time-rule.js';

/**
 * 2023-05, 2023.5.1, 2023/05/01: a four-digit year, then a month and maybe a day, one separator throughout.
 * The look-arounds keep version numbers and longer digit runs out (v2023.5, 2023-05-123). Without a year
 * (5.1, 5/1) the text is too often a version, score or fraction, so those stay text; 5月1日 is the way to say it.
 */
export const numericDateRule: TimeRule = timeRule(
  '(?<![\\w.])(?<year>(?:19|20)\\d{2})(?<sep>[-./])(?<month>1[0-2]|0?[1-9])' +
    '(?:\\k<sep>(?<day>3[01]|[12]\\d|0?[1-9]))?(?!\\d|[-./]\\d)',
  ({ year, month, day }) => monthOrDay(Number(year), Number(month), day === undefined ? undefined : Number(day)),
);

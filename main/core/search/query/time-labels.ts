import type { Lang } from '../../i18n/locale.js';
import type { DateRange } from './date-range.js';
import { describeRange, EN_MONTHS } from './describe-range.js';

/**
 * Chip labels name what an expression resolved to (去年 → 2025年), so the user can see how the query was read;
 * relative windows keep their relative wording because the dates alone would hide that they move with today.
 */
export type Label = Record<Lang, string>;

export function yearLabel(year: number): Label {
  return { zh: `${year}年`, en: String(year) };
}

export function monthLabel(year: number, month: number): Label {
  return { zh: `${year}年${month}月`, en: `${EN_MONTHS[month - 1] ?? '?'} ${year}` };
}

export function rangeLabel(range: DateRange): Label {
  return { zh: describeRange(range, 'zh'), en: describeRange(range, 'en') };
}

import { spanRange, type DateRange } from './date-range.js';
import { addDays, addMonths } from './local-date.js';
import type { Label } from './time-labels.js';
import type { TimeFilterKind } from './time-rule.js';

/**
 * Named stretches of whole months within a year. Seasons are the Northern-hemisphere meteorological ones, three
 * months each, which is what people mean by 夏天 when looking for photos (not the solar terms 立夏…立秋). A part
 * belongs to the year it starts in: 2022年冬天 is 2022-12-01 to 2023-02-28 (29th in leap years).
 */
export interface YearPart {
  readonly words: readonly string[];
  readonly firstMonth: number;
  readonly months: number;
  readonly name: Label;
  readonly kind: TimeFilterKind;
}

export const YEAR_PARTS: readonly YearPart[] = [
  { words: ['春天', '春季', '春日'], firstMonth: 3, months: 3, name: { zh: '春天', en: 'Spring' }, kind: 'season' },
  { words: ['夏天', '夏季', '夏日'], firstMonth: 6, months: 3, name: { zh: '夏天', en: 'Summer' }, kind: 'season' },
  { words: ['秋天', '秋季', '秋日'], firstMonth: 9, months: 3, name: { zh: '秋天', en: 'Autumn' }, kind: 'season' },
  { words: ['冬天', '冬季', '冬日'], firstMonth: 12, months: 3, name: { zh: '冬天', en: 'Winter' }, kind: 'season' },
  { words: ['上半年'], firstMonth: 1, months: 6, name: { zh: '上半年', en: 'H1' }, kind: 'absolute' },
  { words: ['下半年'], firstMonth: 7, months: 6, name: { zh: '下半年', en: 'H2' }, kind: 'absolute' },
];

export function yearPartRange(part: YearPart, year: number): DateRange {
  const first = { year, month: part.firstMonth, day: 1 };
  return spanRange(first, addDays(addMonths(first, part.months), -1));
}

export function yearPartLabel(part: YearPart, year: number): Label {
  // A part that runs past December is named in English by both years, as seasons usually are (Winter 2025–26).
  const crossesYear = part.firstMonth + part.months > 13;
  const enYear = crossesYear ? `${year}–${String(year + 1).slice(-2)}` : String(year);
  return { zh: `${year}年${part.name.zh}`, en: `${part.name.en} ${enYear}` };
}

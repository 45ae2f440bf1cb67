import { Lunar, type Solar } from 'lunar-typescript';
import { spanRange, type DateRange } from './date-range.js';
import { addDays, type LocalDate } from './local-date.js';
import type { Label } from './time-labels.js';

/**
 * Festivals and holidays, each with the days its photos are likely to be on. The window rules:
 * - 春节 runs from 除夕 to 正月初七, the eight days of the statutory Spring Festival break and of most family
 *   gatherings; 除夕 alone is the eve.
 * - 清明, 端午 and 中秋 get the day before and after, since their three-day breaks are arranged around the day.
 * - Other traditional days (元宵, 七夕, 重阳) are the day itself; fixed-date holidays use their usual break
 *   (国庆 10-01..10-07, 劳动节 05-01..05-05) or the day (and eve) people celebrate.
 * A year prefix picks the occurrence in that Gregorian year: 2024年除夕 is the eve of the 2024 lunar new year,
 * 2024-02-09. Lunar dates and solar terms come from lunar-typescript.
 */
export interface Festival {
  readonly words: readonly string[];
  readonly name: Label;
  occurrence(year: number): DateRange;
}

export const FESTIVALS: readonly Festival[] = [
  { words: ['春节', '过年', '农历新年'], name: { zh: '春节', en: 'Spring Festival' }, occurrence: lunarDay(1, 1, 1, 6) },
  { words: ['除夕', '大年三十', '年三十'], name: { zh: '除夕', en: "Chinese New Year's Eve" }, occurrence: lunarDay(1, 1, 1, -1) },
  { words: ['元宵节', '元宵'], name: { zh: '元宵节', en: 'Lantern Festival' }, occurrence: lunarDay(1, 15, 0, 0) },
  { words: ['清明节', '清明'], name: { zh: '清明', en: 'Qingming' }, occurrence: solarTerm('清明', 1, 1) },
  { words: ['端午节', '端午'], name: { zh: '端午', en: 'Dragon Boat Festival' }, occurrence: lunarDay(5, 5, 1, 1) },
  { words: ['七夕节', '七夕'], name: { zh: '七夕', en: 'Qixi' }, occurrence: lunarDay(7, 7, 0, 0) },
  { words: ['中秋节', '中秋'], name: { zh: '中秋', en: 'Mid-Autumn Festival' }, occurrence: lunarDay(8, 15, 1, 1) },
  { words: ['重阳节', '重阳'], name: { zh: '重阳', en: 'Double Ninth' }, occurrence: lunarDay(9, 9, 0, 0) },
  { words: ['元旦'], name: { zh: '元旦', en: "New Year's Day" }, occurrence: fixedDays(1, 1, 1) },
  { words: ['情人节'], name: { zh: '情人节', en: "Valentine's Day" }, occurrence: fixedDays(2, 14, 1) },
  { words: ['五一劳动节', '劳动节', '五一节', '五一'], name: { zh: '五一', en: 'May Day holiday' }, occurrence: fixedDays(5, 1, 5) },
  { words: ['六一儿童节', '儿童节', '六一'], name: { zh: '儿童节', en: "Children's Day" }, occurrence: fixedDays(6, 1, 1) },
  { words: ['国庆节', '国庆'], name: { zh: '国庆', en: 'National Day holiday' }, occurrence: fixedDays(10, 1, 7) },
  { words: ['万圣节'], name: { zh: '万圣节', en: 'Halloween' }, occurrence: fixedDays(10, 31, 1) },
  { words: ['平安夜'], name: { zh: '平安夜', en: 'Christmas Eve' }, occurrence: fixedDays(12, 24, 1) },
  { words: ['圣诞节', '圣诞'], name: { zh: '圣诞', en: 'Christmas' }, occurrence: fixedDays(12, 24, 2) },
];

export function festivalLabel(festival: Festival, year: number): Label {
  return { zh: `${year}年${festival.name.zh}`, en: `${festival.name.en} ${year}` };
}

function fixedDays(month: number, day: number, days: number): (year: number) => DateRange {
  return (year) => around({ year, month, day }, 0, days - 1);
}

/** Lunar years start in January or February, so the first nine lunar months of lunar year Y lie in Gregorian Y. */
function lunarDay(month: number, day: number, before: number, after: number): (year: number) => DateRange {
  return (year) => around(fromSolar(Lunar.fromYmd(year, month, day).getSolar()), before, after);
}

function solarTerm(name: string, before: number, after: number): (year: number) => DateRange {
  return (year) => {
    // The table of lunar year Y spans roughly December Y-1 to March Y+1, so spring terms are those of Gregorian Y.
    const term = Lunar.fromYmd(year, 1, 1).getJieQiTable()[name];
    if (!term) throw new Error(`lunar-typescript has no solar term ${name}`);
    return around(fromSolar(term), before, after);
  };
}

/** From `before` days earlier to `after` days later; a negative `after` ends before the day (除夕 is 初一 minus one). */
function around(date: LocalDate, before: number, after: number): DateRange {
  return spanRange(addDays(date, -before), addDays(date, after));
}

function fromSolar(solar: Solar): LocalDate {
  return { year: solar.getYear(), month: solar.getMonth(), day: solar.getDay() };
}

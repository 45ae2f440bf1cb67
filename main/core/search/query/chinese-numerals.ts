/**
 * Numbers as people type them in queries: Arabic digits, counting numerals (三, 十二, 二十一, 廿一, 卅, 两) and
 * digit-by-digit years (二〇二三, 二零二三). The regex fragments and the parsers live together so they agree on
 * what a number looks like.
 */

const DIGITS: Readonly<Record<string, number>> = {
  〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** Every character that can be part of a Chinese numeral: a match must not start in the middle of one. */
const NUMERAL_CHARS = '〇零一二三四五六七八九十廿卅两几';
const NOT_AFTER_NUMERAL = `(?<![${NUMERAL_CHARS}])`;
const NOT_AFTER_DIGIT = '(?<!\\d)';

/** A count of days, weeks, months or years: 3, 十, 两. Validated by parseCount. */
export const COUNT_PATTERN = `(?:${NOT_AFTER_DIGIT}\\d{1,3}|${NOT_AFTER_NUMERAL}[一二三四五六七八九十两]{1,3})`;
/** A month number before 月: 5, 05, 十二. */
export const MONTH_PATTERN = `(?:${NOT_AFTER_DIGIT}(?:1[0-2]|0?[1-9])|${NOT_AFTER_NUMERAL}[一二三四五六七八九十]{1,2})`;
/** A day of the month before 日 or 号 (only ever after 月, so no look-behind): 1, 01, 三十一, 廿九. */
export const DAY_PATTERN = '(?:3[01]|[12]\\d|0?[1-9]|[一二三四五六七八九十廿卅]{1,3})';
export const FULL_YEAR_PATTERN = `(?:${NOT_AFTER_DIGIT}(?:19|20)\\d{2}|${NOT_AFTER_NUMERAL}[〇零一二三四五六七八九]{4})`;
/** '23 / 二三: only meaningful before a month, season or festival (23年夏天), never alone ("10年" is ten years). */
export const SHORT_YEAR_PATTERN = `(?:${NOT_AFTER_DIGIT}\\d{2}|${NOT_AFTER_NUMERAL}[〇零一二三四五六七八九]{2})`;

const COUNTING = /^(?:([二三四五六七八九])?(十)|(廿)|(卅))?([一二三四五六七八九])?$/;

/** A positive whole number written in digits or as a Chinese counting numeral below 100; undefined otherwise. */
export function parseCount(text: string): number | undefined {
  if (/^\d+$/.test(text)) return positive(Number(text));
  if (text === '两') return 2;
  const m = COUNTING.exec(text);
  if (!m) return undefined;
  const [, tensDigit, ten, twenty, thirty, ones] = m;
  const tens = tensDigit ? digit(tensDigit) * 10 : ten ? 10 : twenty ? 20 : thirty ? 30 : 0;
  return positive(tens + (ones ? digit(ones) : 0));
}

/** Digits read one by one, as years are written: 2023, 二〇二三, 二零二三, 二三. */
export function parseDigitString(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const digits = [...text].map((c) => DIGITS[c]);
  return digits.every((d) => d !== undefined) && digits.length > 0 ? Number(digits.join('')) : undefined;
}

function digit(c: string): number {
  return DIGITS[c] ?? NaN;
}

function positive(n: number): number | undefined {
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

import { describe, expect, it } from 'vitest';
import { parseCount, parseDigitString } from '../../../../main/core/search/query/chinese-numerals.js';

describe('parseCount', () => {
  it.each([
    ['3', 3], ['031', 31], ['一', 1], ['两', 2], ['十', 10], ['十二', 12], ['二十', 20], ['二十一', 21],
    ['廿', 20], ['廿九', 29], ['卅', 30], ['卅一', 31], ['九十九', 99],
  ])('%s is %d', (text, n) => expect(parseCount(text)).toBe(n));

  it.each(['', '0', '零', '十十', '一十', '两十', '三四', '百', 'x'])('%s is no count', (text) => {
    expect(parseCount(text)).toBeUndefined();
  });
});

describe('parseDigitString', () => {
  it.each([['2023', 2023], ['二〇二三', 2023], ['二零二三', 2023], ['九八', 98]])('%s is %d', (text, n) => {
    expect(parseDigitString(text)).toBe(n);
  });

  it.each(['', '二十三', 'x1'])('%s is no digit string', (text) => expect(parseDigitString(text)).toBeUndefined());
});

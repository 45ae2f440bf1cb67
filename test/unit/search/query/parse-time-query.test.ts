import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeRange, parseTimeQuery, type ParsedQuery,
} from '../../../../main/core/search/query/parse-time-query.js';

// Local times in the afternoon, so no time zone the tests run in can move the day.
const NOV = new Date(2026, 10, 23, 15, 0); // Monday 2026-11-23
const JAN = new Date(2027, 0, 10, 15, 0); // Sunday 2027-01-10: winter and 春节 straddle the new year
const LEAP = new Date(2024, 1, 29, 15, 0); // Thursday 2024-02-29
const MAY = new Date(2026, 4, 20, 15, 0); // Wednesday 2026-05-20: inside May

type Case = [query: string, now: Date, text: string, range: [from: string, to: string] | null];

const CASES: Case[] = [
  // The examples from the brief.
  ['去年夏天在海边', NOV, '海边', ['2025-06-01', '2025-08-31']],
  ['2023年5月 猫', NOV, '猫', ['2023-05-01', '2023-05-31']],
  ['上个月的截图', NOV, '截图', ['2026-10-01', '2026-10-31']],
  ['春节 全家福', NOV, '全家福', ['2026-02-16', '2026-02-23']],
  ['2024年春节', NOV, '', ['2024-02-09', '2024-02-16']],
  ['穿红衣服的小孩', NOV, '穿红衣服的小孩', null],
  ['昨天的日落', NOV, '日落', ['2026-11-22', '2026-11-22']],
  ['三年前的国庆', NOV, '', ['2023-10-01', '2023-10-07']],
  ['最近一周', NOV, '', ['2026-11-17', '2026-11-23']],
  ['', NOV, '', null],
  ['   ', NOV, '', null],

  // Absolute dates.
  ['2023年', NOV, '', ['2023-01-01', '2023-12-31']],
  ['2023年5月1日', NOV, '', ['2023-05-01', '2023-05-01']],
  ['2023年05月01号', NOV, '', ['2023-05-01', '2023-05-01']],
  ['2023年 5月', NOV, '', ['2023-05-01', '2023-05-31']],
  ['5月1日', NOV, '', ['2026-05-01', '2026-05-01']],
  ['12月25日', NOV, '', ['2025-12-25', '2025-12-25']], // still ahead this year: last year's
  ['5月25日', MAY, '', ['2025-05-25', '2025-05-25']],
  ['2月29日', NOV, '', ['2024-02-29', '2024-02-29']], // the most recent 2月29日 that exists
  ['2023-05', NOV, '', ['2023-05-01', '2023-05-31']],
  ['2023.5.1', NOV, '', ['2023-05-01', '2023-05-01']],
  ['2023/5/1 生日', NOV, '生日', ['2023-05-01', '2023-05-01']],
  ['二〇二三年', NOV, '', ['2023-01-01', '2023-12-31']],
  ['二零二三年五月', NOV, '', ['2023-05-01', '2023-05-31']],
  ['2023年十二月三十一日', NOV, '', ['2023-12-31', '2023-12-31']],
  ['五月', NOV, '', ['2026-05-01', '2026-05-31']],
  ['五月', MAY, '', ['2026-05-01', '2026-05-31']], // under way counts
  ['十二月', NOV, '', ['2025-12-01', '2025-12-31']],
  ['5月份的照片', NOV, '照片', ['2026-05-01', '2026-05-31']],
  ['十月一日', NOV, '', ['2026-10-01', '2026-10-01']],
  ['23年夏天', NOV, '', ['2023-06-01', '2023-08-31']],
  ['98年夏天', NOV, '', ['1998-06-01', '1998-08-31']],

  // Relative days, weeks, months, years.
  ['今天', NOV, '', ['2026-11-23', '2026-11-23']],
  ['今晚的烟花', NOV, '烟花', ['2026-11-23', '2026-11-23']],
  ['前天', NOV, '', ['2026-11-21', '2026-11-21']],
  ['大前天', JAN, '', ['2027-01-07', '2027-01-07']],
  ['本周', NOV, '', ['2026-11-23', '2026-11-29']],
  ['这个星期', LEAP, '', ['2024-02-26', '2024-03-03']],
  ['上周', JAN, '', ['2026-12-28', '2027-01-03']],
  ['上个星期', NOV, '', ['2026-11-16', '2026-11-22']],
  ['本月', NOV, '', ['2026-11-01', '2026-11-30']],
  ['上个月', JAN, '', ['2026-12-01', '2026-12-31']],
  ['上月', LEAP, '', ['2024-01-01', '2024-01-31']],
  ['今年', NOV, '', ['2026-01-01', '2026-12-31']],
  ['去年', JAN, '', ['2026-01-01', '2026-12-31']],
  ['前年', NOV, '', ['2024-01-01', '2024-12-31']],
  ['大前年', NOV, '', ['2023-01-01', '2023-12-31']],
  ['三年前', NOV, '', ['2023-01-01', '2023-12-31']],
  ['十年前的我', NOV, '我', ['2016-01-01', '2016-12-31']],
  ['三天前', LEAP, '', ['2024-02-26', '2024-02-26']],
  ['一个月前', LEAP, '', ['2024-01-01', '2024-01-31']],
  ['两周前', NOV, '', ['2026-11-09', '2026-11-15']],
  ['去年的今天', NOV, '', ['2025-11-23', '2025-11-23']],
  ['去年的今天', LEAP, '', ['2023-02-28', '2023-02-28']],

  // Rolling windows that end today.
  ['最近三天', NOV, '', ['2026-11-21', '2026-11-23']],
  ['近一个月', NOV, '', ['2026-10-24', '2026-11-23']],
  ['过去一年', LEAP, '', ['2023-03-01', '2024-02-29']],
  ['过去三个月的猫', NOV, '猫', ['2026-08-24', '2026-11-23']],
  ['近半年', NOV, '', ['2026-05-24', '2026-11-23']],
  ['前两个月', NOV, '', ['2026-09-24', '2026-11-23']],

  // Seasons.
  ['春天的花', NOV, '花', ['2026-03-01', '2026-05-31']],
  ['夏天的海', NOV, '海', ['2026-06-01', '2026-08-31']],
  ['冬天', NOV, '', ['2025-12-01', '2026-02-28']], // this winter has not started
  ['冬天', JAN, '', ['2026-12-01', '2027-02-28']],
  ['冬天', LEAP, '', ['2023-12-01', '2024-02-29']],
  ['去年冬天', NOV, '', ['2025-12-01', '2026-02-28']],
  ['2022年冬天', NOV, '', ['2022-12-01', '2023-02-28']],
  ['今年春天', NOV, '', ['2026-03-01', '2026-05-31']],
  ['夏天', JAN, '', ['2026-06-01', '2026-08-31']],
  ['秋季 银杏', NOV, '银杏', ['2026-09-01', '2026-11-30']],
  ['去年下半年', NOV, '', ['2025-07-01', '2025-12-31']],
  ['上半年的猫', NOV, '猫', ['2026-01-01', '2026-06-30']],

  // Festivals.
  ['春节', JAN, '', ['2026-02-16', '2026-02-23']], // 2027's has not come yet
  ['春节', LEAP, '', ['2024-02-09', '2024-02-16']],
  ['除夕', NOV, '', ['2026-02-16', '2026-02-16']],
  ['2024年除夕', NOV, '', ['2024-02-09', '2024-02-09']],
  ['元宵节', LEAP, '', ['2024-02-24', '2024-02-24']],
  ['2024年清明', NOV, '', ['2024-04-03', '2024-04-05']],
  ['2025年端午节', NOV, '', ['2025-05-30', '2025-06-01']],
  ['2023年中秋节', NOV, '', ['2023-09-28', '2023-09-30']],
  ['今年中秋 月饼', NOV, '月饼', ['2026-09-24', '2026-09-26']],
  ['去年春节', NOV, '', ['2025-01-28', '2025-02-04']],
  ['七夕', NOV, '', ['2026-08-19', '2026-08-19']],
  ['重阳节', NOV, '', ['2026-10-18', '2026-10-18']],
  ['国庆', NOV, '', ['2026-10-01', '2026-10-07']],
  ['元旦', JAN, '', ['2027-01-01', '2027-01-01']],
  ['五一', NOV, '', ['2026-05-01', '2026-05-05']],
  ['圣诞节', NOV, '', ['2025-12-24', '2025-12-25']],
  ['情人节', LEAP, '', ['2024-02-14', '2024-02-14']],
  ['儿童节', NOV, '', ['2026-06-01', '2026-06-01']],
  ['2023年的春节', NOV, '', ['2023-01-21', '2023-01-28']],

  // Weekdays and weekends.
  ['周末', NOV, '', ['2026-11-21', '2026-11-22']],
  ['周末', JAN, '', ['2027-01-09', '2027-01-10']], // a Sunday: this weekend
  ['上周末', NOV, '', ['2026-11-21', '2026-11-22']],
  ['上周六', LEAP, '', ['2024-02-24', '2024-02-24']],
  ['周六', LEAP, '', ['2024-02-24', '2024-02-24']],
  ['星期天', NOV, '', ['2026-11-22', '2026-11-22']],

  // Expressions that intersect.
  ['去年 夏天 上个月', NOV, '', null], // contradiction: no common day
  ['2023年 五月 周末', MAY, '', null],
  ['今年 周末', NOV, '', ['2026-11-21', '2026-11-22']],

  // Not time, or not only time.
  ['春卷', NOV, '春卷', null],
  ['冬瓜汤', NOV, '冬瓜汤', null],
  ['五月天', NOV, '五月天', null],
  ['去年五月天演唱会', NOV, '五月天演唱会', ['2025-01-01', '2025-12-31']],
  ['秋天的童话', NOV, '秋天的童话', null],
  ['圣诞树', NOV, '圣诞树', null],
  ['五一广场', NOV, '五一广场', null],
  ['这周围的花', NOV, '这周围的花', null],
  ['上周一起去爬山', NOV, '一起去爬山', ['2026-11-16', '2026-11-22']],
  ['过去年轻的时候', NOV, '过去年轻的时候', null],
  ['如今天气', NOV, '如今天气', null],
  ['iPhone 14', NOV, 'iPhone 14', null],
  ['3个人', NOV, '3个人', null],
  ['100元', NOV, '100元', null],
  ['三个月的宝宝', NOV, '三个月的宝宝', null],
  ['10年的老房子', NOV, '10年的老房子', null],
  ['v2023.5', NOV, 'v2023.5', null],
  ['2023年2月30日', NOV, '2023年2月30日', null],
  ['999年前', NOV, '999年前', null],

  // Particles that only glued the time phrase.
  ['在2023年拍的猫', NOV, '猫', ['2023-01-01', '2023-12-31']],
  ['海边拍于2023年', NOV, '海边', ['2023-01-01', '2023-12-31']],
  ['春节时拍的照片', NOV, '照片', ['2026-02-16', '2026-02-23']],
  ['去年时装周', NOV, '时装周', ['2025-01-01', '2025-12-31']],
  ['猫 去年 狗', NOV, '猫 狗', ['2025-01-01', '2025-12-31']],
];

describe('parseTimeQuery', () => {
  it.each(CASES)('%s (now %s)', (query, now, text, range) => {
    const parsed = parseTimeQuery(query, now);
    expect(parsed.text).toBe(text);
    expect(parsed.range).toEqual(range && { from: range[0], to: range[1] });
  });

  it('reports each expression with exactly the text it consumed, where it stands, a kind and a label', () => {
    const query = '猫 去年夏天的海边 上周六';
    const parsed = parseTimeQuery(query, NOV);
    expect(parsed.filters).toEqual([
      {
        range: { from: '2025-06-01', to: '2025-08-31' },
        text: '去年夏天',
        start: 2,
        label: { zh: '2025年夏天', en: 'Summer 2025' },
        kind: 'season',
      },
      {
        range: { from: '2026-11-21', to: '2026-11-21' },
        text: '上周六',
        start: 10,
        label: { zh: '2026年11月21日', en: 'Nov 21, 2026' },
        kind: 'weekday',
      },
    ]);
    for (const f of parsed.filters) expect(query.slice(f.start, f.start + f.text.length)).toBe(f.text);
    expect(parsed.text).toBe('猫 海边');
    expect(parsed.range).toBeNull();
  });

  it.each([
    ['2023年5月', 'absolute', { zh: '2023年5月', en: 'May 2023' }],
    ['上个月', 'relative', { zh: '2026年10月', en: 'Oct 2026' }],
    ['最近一周', 'relative', { zh: '最近一周', en: 'Past week' }],
    ['最近7天', 'relative', { zh: '最近7天', en: 'Past 7 days' }],
    ['2022年冬天', 'season', { zh: '2022年冬天', en: 'Winter 2022–23' }],
    ['三年前的国庆', 'festival', { zh: '2023年国庆', en: 'National Day holiday 2023' }],
    ['本周', 'relative', { zh: '2026年11月23日–29日', en: 'Nov 23 – 29, 2026' }],
  ] as const)('labels %s as %s', (query, kind, label) => {
    const [filter] = parseTimeQuery(query, NOV).filters;
    expect(filter?.kind).toBe(kind);
    expect(filter?.label).toEqual(label);
  });

  it('refuses an invalid now rather than returning NaN dates', () => {
    expect(() => parseTimeQuery('去年', new Date(NaN))).toThrow(/valid/);
  });
});

describe('describeRange', () => {
  it.each([
    [{ from: '2025-06-01', to: '2025-08-31' }, '2025年6月1日–8月31日', 'Jun 1 – Aug 31, 2025'],
    [{ from: '2025-06-01', to: '2025-06-07' }, '2025年6月1日–7日', 'Jun 1 – 7, 2025'],
    [{ from: '2025-06-01', to: '2025-06-01' }, '2025年6月1日', 'Jun 1, 2025'],
    [{ from: '2025-12-01', to: '2026-02-28' }, '2025年12月1日–2026年2月28日', 'Dec 1, 2025 – Feb 28, 2026'],
  ])('%o', (range, zh, en) => {
    expect(describeRange(range, 'zh')).toBe(zh);
    expect(describeRange(range, 'en')).toBe(en);
  });
});

describe('parseTimeQuery properties', () => {
  // Pieces of time expressions, near misses and particles, so random strings often come close to parsing.
  const piece = fc.oneof(
    fc.constantFrom(
      '去年', '今年', '前年', '大前', '年', '月', '日', '号', '天', '周', '星期', '末', '前', '以', '最近', '近', '过去',
      '上', '个', '这', '本', '的', '在', '时', '拍的', '于', '春天', '夏天', '冬天', '春节', '中秋', '除夕', '国庆',
      '五月天', '一起', '周围', '半年', '今天', '昨天', '二〇二三', '十', '一', '二', '三', '五', '廿', '两', '2023',
      '2024', '19', '12', '5', '0', '31', '-', '.', '/', ' ', '海边', 'cat', '份',
    ),
    fc.string({ maxLength: 4 }),
  );
  const query = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));
  const now = fc.date({ min: new Date(1990, 0, 1), max: new Date(2090, 11, 31), noInvalidDate: true });

  it('never throws, yields ordered ranges and leaves only text it did not consume', () => {
    fc.assert(
      fc.property(query, now, (q, n) => {
        const parsed = parseTimeQuery(q, n);
        checkInvariants(q, parsed);
      }),
      { numRuns: 3000 },
    );
  });
});

function checkInvariants(query: string, parsed: ParsedQuery): void {
  let consumedUpTo = 0;
  let rest = '';
  for (const f of parsed.filters) {
    expect(f.range.from <= f.range.to).toBe(true);
    expect(f.start).toBeGreaterThanOrEqual(consumedUpTo);
    expect(query.slice(f.start, f.start + f.text.length)).toBe(f.text);
    rest += query.slice(consumedUpTo, f.start);
    consumedUpTo = f.start + f.text.length;
  }
  rest += query.slice(consumedUpTo);
  if (parsed.range) {
    expect(parsed.range.from <= parsed.range.to).toBe(true);
    for (const f of parsed.filters) {
      expect(f.range.from <= parsed.range.from && parsed.range.to <= f.range.to).toBe(true);
    }
  } else if (parsed.filters.length > 1) {
    const latestFrom = parsed.filters.map((f) => f.range.from).sort().at(-1) ?? '';
    const earliestTo = parsed.filters.map((f) => f.range.to).sort()[0] ?? '';
    expect(latestFrom > earliestTo).toBe(true);
  } else {
    expect(parsed.filters).toEqual([]);
  }
  // Whitespace is normalised (gaps where expressions stood become one space), so compare without it.
  expect(isSubsequence(parsed.text.replace(/\s/g, ''), rest.replace(/\s/g, ''))).toBe(true);
  expect(parsed.text).toBe(parsed.text.trim());
}

function isSubsequence(needle: string, haystack: string): boolean {
  let i = 0;
  for (let j = 0; j < haystack.length && i < needle.length; j++) if (needle[i] === haystack[j]) i++;
  return i === needle.length;
}

/**
 * Words that contain a time expression but mean something else. A time expression may swallow one whole (过去一年
 * contains 过去) but never just part of one, so 「去年五月天演唱会」 is 去年 plus the band, and 「五月天」 alone stays
 * text. The rule of thumb: list a word when reading it as a date would usually be wrong; ambiguity the user can
 * resolve by typing 的 (「春天的花」) is not listed, and neither are words whose time reading is what people search
 * for (元宵 is also the dumpling, 清明 also "clear", but both are mostly typed for the festival). Words that merely
 * start with 春/冬 (春卷, 冬瓜) need no entry, since seasons are only ever matched as 春天/春季/春日 and so on.
 */
export const NON_TIME_WORDS: readonly string[] = [
  // Titles and names: searching for them means their look, not their date.
  '五月天', '人间四月天', '四月物语', '七月与安生', '十月围城', '秋天的童话', '清明上河图',
  // Places named after dates.
  '五一广场', '五一路', '五一大道',
  // Things that are searched for by appearance: a 圣诞树 in a shop in November is still a 圣诞树.
  '圣诞树', '圣诞老人', '圣诞帽',
  // Verbs and adverbs that end in 去/今 followed by 年/天: 过去年轻时, 如今天气.
  '过去', '失去', '回去', '如今', '至今',
  // 每周一 is every Monday, not the last one.
  '每周', '每星期', '每个星期', '每礼拜', '每个礼拜',
  // 周 and 一 that start another word: 这周围 is "around here", 上周一起 is "together last week", 周年 an anniversary.
  '周围', '周边', '周岁', '周年', '一起', '一样', '一直', '一定', '一些', '一共', '一同', '一块',
];

export interface Span {
  start: number;
  end: number;
}

const BY_LENGTH = [...NON_TIME_WORDS].sort((a, b) => b.length - a.length);

/** Leftmost, then longest, non-overlapping occurrences in query order. */
export function findNonTimeWords(query: string): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i < query.length; ) {
    const word = BY_LENGTH.find((w) => query.startsWith(w, i));
    if (word) {
      spans.push({ start: i, end: i + word.length });
      i += word.length;
    } else {
      i++;
    }
  }
  return spans;
}

/**
 * Particles that only tied a time phrase into the sentence and mean nothing to CLIP once the phrase is gone:
 * 昨天「的」日落, 去年夏天「在」海边, 春节「时拍的」, 海边「拍于」2023年. They are removed only where they touch a
 * time phrase, so 「海边的日落」 keeps its 的.
 */
const AFTER_TIME = ['的时候', '时候', '期间', '那天', '那年', '那时', '拍摄的', '拍的', '照的', '的', '在', '于', '时', '里'];
const BEFORE_TIME = ['拍摄于', '拍于', '摄于', '在', '于', '是'];

/**
 * Single characters that also start ordinary words (去年时装周, 去年里约): removed only at the end of a word, that
 * is before the end, a space or another particle (春节时的照片, 夏天里 的花).
 */
const WEAK = new Set(['时', '里']);

const byLength = (words: readonly string[]) => [...words].sort((a, b) => b.length - a.length);
const AFTER_BY_LENGTH = byLength(AFTER_TIME);
const BEFORE_BY_LENGTH = byLength(BEFORE_TIME);

/** Drops particles from the start of text that follows a time phrase. */
export function stripGlueAfterTime(text: string): string {
  let rest = text.trimStart();
  for (;;) {
    const word = AFTER_BY_LENGTH.find((w) => rest.startsWith(w) && (!WEAK.has(w) || atWordEnd(rest.slice(w.length))));
    if (!word) return rest;
    rest = rest.slice(word.length).trimStart();
  }
}

/** Drops particles from the end of text that precedes a time phrase. */
export function stripGlueBeforeTime(text: string): string {
  let rest = text.trimEnd();
  for (;;) {
    const word = BEFORE_BY_LENGTH.find((w) => rest.endsWith(w));
    if (!word) return rest;
    rest = rest.slice(0, -word.length).trimEnd();
  }
}

function atWordEnd(text: string): boolean {
  return text === '' || /^\s/.test(text) || AFTER_BY_LENGTH.some((w) => !WEAK.has(w) && text.startsWith(w));
}

/**
 * BERT's "basic" tokenization: text cleanup, one token per CJK ideograph, lowercasing with accent stripping, and
 * punctuation splitting. Reproduces `BasicTokenizer` in cn_clip/clip/bert_tokenizer.py (what Chinese-CLIP was trained
 * with) and Hugging Face's BertNormalizer + BertPreTokenizer (what its tokenizer.json exports use).
 *
 * Where those two disagree we follow Hugging Face (and so the published HF ports), in cases that never occur in
 * ordinary text: every Unicode "other" character (Cc, Cf, Cs, Co, Cn) is dropped, where cn_clip drops only Cc and Cf.
 *
 * We do not use @huggingface/tokenizers here: its BertNormalizer walks UTF-16 code units, so CJK ideographs outside
 * the BMP (Extension B and later, used in Chinese names) are not split off as their own tokens, and it keeps
 * unassigned code points. Everything below works on code points.
 */

// \p{C} is Cc | Cf | Cs | Co | Cn, the "starts with C" test of HF's _is_control.
const OTHER = /\p{C}/u;
// Spaces and separators (Zs, plus Zl/Zp which Python's str.split() and Rust's is_whitespace treat as breaks).
const WHITESPACE = /\p{White_Space}/u;
// BERT's _is_punctuation: Unicode P* plus every non-alphanumeric printable ASCII character ($, +, ^, `, |, ~ …).
const PUNCTUATION = /[\p{P}!-/:-@[-`{-~]/u;
const NONSPACING_MARKS = /\p{Mn}/gu;

/** The CJK blocks cn_clip's `_is_chinese_char` lists (Unified Ideographs, Extensions A–E, compatibility ideographs). */
function isChineseChar(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

function isDropped(ch: string, cp: number): boolean {
  if (cp === 0 || cp === 0xfffd) return true;
  // Tab, newline and carriage return are control characters too, but BERT treats them as spaces.
  return ch !== '\t' && ch !== '\n' && ch !== '\r' && OTHER.test(ch);
}

/** Splits text into the words WordPiece then breaks into vocabulary pieces. */
export function basicTokenize(text: string, lowercase: boolean): string[] {
  let spaced = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (isDropped(ch, cp)) continue;
    if (WHITESPACE.test(ch)) spaced += ' ';
    else if (isChineseChar(cp)) spaced += ` ${ch} `;
    else spaced += ch;
  }
  // Accents are stripped only when lowercasing (HF: strip_accents=None follows do_lower_case; cn_clip always pairs
  // them). NFD first so "é" becomes "e" + U+0301, then the nonspacing marks go.
  if (lowercase) spaced = spaced.toLowerCase().normalize('NFD').replace(NONSPACING_MARKS, '');

  const words: string[] = [];
  for (const chunk of spaced.split(' ')) {
    let word = '';
    for (const ch of chunk) {
      if (PUNCTUATION.test(ch)) {
        if (word) words.push(word);
        words.push(ch);
        word = '';
      } else {
        word += ch;
      }
    }
    if (word) words.push(word);
  }
  return words;
}

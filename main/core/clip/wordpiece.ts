export interface WordPieceVocab {
  readonly ids: ReadonlyMap<string, number>;
  readonly unkId: number;
  /** Words longer than this (in code points) become one [UNK]: 100 in Hugging Face's BERT tokenizers. */
  readonly maxCharsPerWord: number;
  /** Marks a piece that continues a word: "##". */
  readonly continuationPrefix: string;
}

/**
 * Greedy longest-match-first WordPiece, as `WordpieceTokenizer.tokenize` in cn_clip/clip/bert_tokenizer.py: take
 * the longest vocabulary entry that prefixes the rest of the word ("##"-prefixed after the first piece); if some
 * remainder has no match at all, the whole word is a single [UNK]. Appends the ids to `out`.
 */
export function appendWordPieceIds(word: string, vocab: WordPieceVocab, out: number[]): void {
  const chars = Array.from(word);
  if (chars.length > vocab.maxCharsPerWord) {
    out.push(vocab.unkId);
    return;
  }
  const pieces: number[] = [];
  let start = 0;
  while (start < chars.length) {
    let id: number | undefined;
    let end = chars.length;
    for (; end > start; end--) {
      const piece = chars.slice(start, end).join('');
      id = vocab.ids.get(start > 0 ? vocab.continuationPrefix + piece : piece);
      if (id !== undefined) break;
    }
    if (id === undefined) {
      out.push(vocab.unkId);
      return;
    }
    pieces.push(id);
    start = end;
  }
  out.push(...pieces);
}

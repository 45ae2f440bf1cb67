import { XuntuError } from '../errors.js';
import { basicTokenize } from './bert-basic-tokenizer.js';
import { CHINESE_CLIP } from './chinese-clip-defaults.js';
import { readTokenizerJson, readVocabTxt } from './tokenizer-files.js';
import { appendWordPieceIds, type WordPieceVocab } from './wordpiece.js';

/** Token ids and attention mask for a text tower, [batch, contextLength] row-major, padded with [PAD]. */
export interface ClipTokenizer {
  encode(text: string): { inputIds: BigInt64Array; attentionMask: BigInt64Array };
  encodeBatch(texts: string[]): { inputIds: BigInt64Array; attentionMask: BigInt64Array; batch: number; length: number };
  readonly contextLength: number;
  readonly vocabSize: number;
}

export interface BertTokenizerOptions {
  /** BERT vocab.txt (the OFA-Sys layout). */
  vocabFile?: string;
  /** Hugging Face tokenizer.json; used instead of vocabFile when both are given, since it also carries settings. */
  tokenizerJsonFile?: string;
  /** Sequence length including [CLS] and [SEP]; every Chinese-CLIP model uses 52. */
  contextLength?: number;
  /** Lowercase and strip accents; defaults to what tokenizer.json says, else true (Chinese-CLIP is uncased). */
  lowercase?: boolean;
}

function requireId(vocab: WordPieceVocab, token: string): number {
  const id = vocab.ids.get(token);
  if (id === undefined) throw new XuntuError('TOKENIZER_INVALID', `the vocabulary has no ${token} token`);
  return id;
}

/**
 * Chinese-CLIP's text tokenizer: `[CLS] pieces[:L-2] [SEP]`, zero-padded to L, attention mask 1 on every non-pad
 * position, as `tokenize` in cn_clip/clip/utils.py builds it. Truncation cuts the pieces, never the [SEP].
 *
 * Text that spells a special token ("[SEP]") is tokenized as ordinary characters, as cn_clip does; Hugging Face
 * tokenizers would map it to the special id, which the model never saw in training and which lets a query inject
 * structure.
 */
export async function loadBertTokenizer(opts: BertTokenizerOptions): Promise<ClipTokenizer> {
  const files = opts.tokenizerJsonFile
    ? await readTokenizerJson(opts.tokenizerJsonFile)
    : opts.vocabFile
      ? await readVocabTxt(opts.vocabFile)
      : undefined;
  if (!files) throw new XuntuError('TOKENIZER_MISSING', 'no vocab.txt or tokenizer.json was given for the text tokenizer');

  const { vocab } = files;
  const lowercase = opts.lowercase ?? files.lowercase ?? true;
  const contextLength = opts.contextLength ?? CHINESE_CLIP.contextLength;
  if (!Number.isInteger(contextLength) || contextLength < 2) {
    throw new XuntuError('TOKENIZER_INVALID', `the context length must be an integer of at least 2, not ${contextLength}`);
  }
  const padId = requireId(vocab, '[PAD]');
  const clsId = requireId(vocab, '[CLS]');
  const sepId = requireId(vocab, '[SEP]');
  let vocabSize = 0;
  for (const id of vocab.ids.values()) vocabSize = Math.max(vocabSize, id + 1);

  /** Writes one row into the batch arrays at `offset`; both arrays start zero-filled ([PAD] and mask 0). */
  function encodeInto(text: string, inputIds: BigInt64Array, attentionMask: BigInt64Array, offset: number): void {
    const ids = [clsId];
    for (const word of basicTokenize(text, lowercase)) {
      appendWordPieceIds(word, vocab, ids);
      if (ids.length > contextLength - 1) break;
    }
    ids.length = Math.min(ids.length, contextLength - 1);
    ids.push(sepId);
    ids.forEach((id, i) => {
      inputIds[offset + i] = BigInt(id);
      attentionMask[offset + i] = 1n;
    });
    // BERT vocabularies put [PAD] at 0, which the zero-filled row already holds.
    if (padId !== 0) inputIds.fill(BigInt(padId), offset + ids.length, offset + contextLength);
  }

  function encodeBatch(texts: string[]) {
    const inputIds = new BigInt64Array(texts.length * contextLength);
    const attentionMask = new BigInt64Array(texts.length * contextLength);
    texts.forEach((text, row) => encodeInto(text, inputIds, attentionMask, row * contextLength));
    return { inputIds, attentionMask, batch: texts.length, length: contextLength };
  }

  return {
    contextLength,
    vocabSize,
    encodeBatch,
    encode(text) {
      const { inputIds, attentionMask } = encodeBatch([text]);
      return { inputIds, attentionMask };
    },
  };
}

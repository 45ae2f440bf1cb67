import fs from 'node:fs';
import { BertTokenizer } from '@huggingface/transformers';

/**
 * The tokenizer.json Hugging Face's BertConverter writes for a Chinese BERT vocabulary (what the HF / Xenova
 * Chinese-CLIP ports ship): BertNormalizer (clean text, CJK splitting, lowercase, strip_accents=None), BertPreTokenizer,
 * WordPiece with "##" and 100 chars per word, [CLS] … [SEP] template, special tokens as added tokens.
 */
export function bertTokenizerJson(vocabFile: string): Record<string, unknown> {
  const tokens = fs.readFileSync(vocabFile, 'utf8').split(/\r\n|\r|\n/);
  if (tokens.at(-1) === '') tokens.pop();
  const vocab = Object.fromEntries(tokens.map((t, i) => [t, i]));
  const special = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: special.map((content) => ({
      id: vocab[content],
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [vocab['[CLS]']], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [vocab['[SEP]']], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
}

export interface HfOracle {
  /** The ids Chinese-CLIP's `tokenize` would produce: [CLS] pieces[:L-2] [SEP], zero-padded to L. */
  ids(text: string): number[];
}

/**
 * transformers.js's BertTokenizer as the reference. Its own truncation cuts the finished sequence (dropping [SEP]),
 * unlike Python's, so we take its untruncated pieces and assemble the row as cn_clip/clip/utils.py `tokenize` does.
 */
export function hfOracle(vocabFile: string, contextLength = 52): HfOracle {
  const tokenizer = new BertTokenizer(bertTokenizerJson(vocabFile), {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: contextLength,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
  });
  const cls = tokenizer.convert_tokens_to_ids('[CLS]') as number;
  const sep = tokenizer.convert_tokens_to_ids('[SEP]') as number;
  return {
    ids(text) {
      const pieces = tokenizer.encode(text, { add_special_tokens: false }).slice(0, contextLength - 2);
      const row = [cls, ...pieces, sep];
      return [...row, ...new Array<number>(contextLength - row.length).fill(0)];
    },
  };
}

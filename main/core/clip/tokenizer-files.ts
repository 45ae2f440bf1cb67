import fs from 'node:fs/promises';
import { XuntuError, errorMessage } from '../errors.js';
import type { WordPieceVocab } from './wordpiece.js';

/** A WordPiece vocabulary plus the casing its files ask for (undefined: the file does not say). */
export interface TokenizerFiles {
  vocab: WordPieceVocab;
  lowercase: boolean | undefined;
}

/** Hugging Face's BertTokenizer default (cn_clip's own tokenizer allows 200; only 101–200-char words differ). */
const DEFAULT_MAX_CHARS_PER_WORD = 100;

async function readText(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new XuntuError('TOKENIZER_UNREADABLE', `cannot read the tokenizer file ${file}: ${errorMessage(err)}`, { cause: err });
  }
}

function unkIdOf(ids: ReadonlyMap<string, number>, unkToken: string, file: string): number {
  const unkId = ids.get(unkToken);
  if (unkId === undefined) throw new XuntuError('TOKENIZER_INVALID', `${file} has no ${unkToken} token`);
  return unkId;
}

/**
 * BERT's vocab.txt: one token per line, the id is the line number. Lines end at \n, \r\n or \r (Python's universal
 * newlines, as `load_vocab` reads it) but not at U+2028, which is itself a token in Chinese-CLIP's vocabulary (id 343):
 * a line splitter that honours it, or trimming each line, would shift every later id.
 */
export async function readVocabTxt(file: string): Promise<TokenizerFiles> {
  const lines = (await readText(file)).split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  const ids = new Map<string, number>();
  lines.forEach((token, id) => ids.set(token, id));
  return {
    vocab: { ids, unkId: unkIdOf(ids, '[UNK]', file), maxCharsPerWord: DEFAULT_MAX_CHARS_PER_WORD, continuationPrefix: '##' },
    lowercase: undefined,
  };
}

interface TokenizerJson {
  normalizer?: { type?: string; lowercase?: boolean; strip_accents?: boolean | null; clean_text?: boolean; handle_chinese_chars?: boolean } | null;
  pre_tokenizer?: { type?: string } | null;
  model?: { type?: string; vocab?: Record<string, number>; unk_token?: string; continuing_subword_prefix?: string; max_input_chars_per_word?: number };
}

/**
 * A Hugging Face tokenizer.json, accepted only when it describes the BERT pipeline bert-basic-tokenizer.ts implements
 * (BertNormalizer with text cleaning and CJK splitting, accents stripped exactly when lowercasing, BertPreTokenizer,
 * WordPiece): anything else would be tokenized differently from how the model was trained, silently.
 */
export async function readTokenizerJson(file: string): Promise<TokenizerFiles> {
  const text = await readText(file);
  let json: TokenizerJson;
  try {
    json = JSON.parse(text) as TokenizerJson;
  } catch (err) {
    throw new XuntuError('TOKENIZER_INVALID', `${file} is not valid JSON: ${errorMessage(err)}`, { cause: err });
  }
  const { normalizer, pre_tokenizer: preTokenizer, model } = json;
  const unsupported = (what: string) => new XuntuError('TOKENIZER_UNSUPPORTED', `${file}: ${what}; Xuntu supports BERT WordPiece tokenizers only`);
  if (model?.type !== 'WordPiece' || !model.vocab) throw unsupported(`the model is ${model?.type ?? 'missing'}`);
  if (normalizer?.type !== 'BertNormalizer') throw unsupported(`the normalizer is ${normalizer?.type ?? 'missing'}`);
  if (normalizer.clean_text === false || normalizer.handle_chinese_chars === false) throw unsupported('text cleaning or CJK splitting is off');
  const lowercase = normalizer.lowercase ?? true;
  if (normalizer.strip_accents != null && normalizer.strip_accents !== lowercase) throw unsupported('accent stripping differs from lowercasing');
  if (preTokenizer?.type !== 'BertPreTokenizer') throw unsupported(`the pre-tokenizer is ${preTokenizer?.type ?? 'missing'}`);

  const ids = new Map(Object.entries(model.vocab));
  return {
    vocab: {
      ids,
      unkId: unkIdOf(ids, model.unk_token ?? '[UNK]', file),
      maxCharsPerWord: model.max_input_chars_per_word ?? DEFAULT_MAX_CHARS_PER_WORD,
      continuationPrefix: model.continuing_subword_prefix ?? '##',
    },
    lowercase,
  };
}

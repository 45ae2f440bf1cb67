import fs from 'node:fs';
import path from 'node:path';
import { XuntuError } from '../../errors.js';
import type { BertTokenizerOptions } from '../bert-tokenizer.js';
import { readTokenizerJson, readVocabTxt, type TokenizerFiles } from '../tokenizer-files.js';
import type { ModelManifest } from '../model-manifest.js';
import { placeFile } from './model-dir-files.js';

export interface ImportedTokenizer {
  files: Pick<ModelManifest['files'], 'vocab' | 'tokenizerJson'>;
  ids: Pick<ModelManifest['text'], 'padId' | 'clsId' | 'sepId' | 'unkId'>;
  /** What the tokenizer file says about casing; undefined for vocab.txt, which does not say. */
  lowercase: boolean | undefined;
  /** The placed file, as loadBertTokenizer takes it. */
  loadFrom: Pick<BertTokenizerOptions, 'vocabFile' | 'tokenizerJsonFile'>;
}

function idOf(files: TokenizerFiles, token: string, file: string): number {
  const id = files.vocab.ids.get(token);
  if (id === undefined) throw new XuntuError('TOKENIZER_INVALID', `${file} has no ${token} token`);
  return id;
}

/**
 * Copies the first of `candidates` that exists into the model folder (a Hugging Face tokenizer.json, or a BERT
 * vocab.txt) after checking that Xuntu's tokenizer can read it, and returns the manifest fields it decides. The
 * special-token ids are read from it rather than assumed, since they are what the graph was trained with.
 */
export async function importTokenizer(candidates: readonly (string | undefined)[], destDir: string): Promise<ImportedTokenizer> {
  const given = candidates.filter((c): c is string => !!c);
  const src = given.find((c) => fs.existsSync(c));
  if (!src) {
    throw new XuntuError(
      'TOKENIZER_MISSING',
      `the model brings no tokenizer and none was given: looked for ${given.join(', ') || 'nothing'}; pass the Chinese-CLIP vocab.txt (cn_clip/clip/vocab.txt)`,
    );
  }
  const isJson = src.endsWith('.json');
  const name = isJson ? 'tokenizer.json' : 'vocab.txt';
  const files = isJson ? await readTokenizerJson(src) : await readVocabTxt(src);
  const dest = path.join(destDir, name);
  await placeFile(src, dest);
  return {
    files: isJson ? { tokenizerJson: name } : { vocab: name },
    ids: { padId: idOf(files, '[PAD]', src), clsId: idOf(files, '[CLS]', src), sepId: idOf(files, '[SEP]', src), unkId: files.vocab.unkId },
    lowercase: files.lowercase,
    loadFrom: isJson ? { tokenizerJsonFile: dest } : { vocabFile: dest },
  };
}

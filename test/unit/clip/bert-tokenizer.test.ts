import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBertTokenizer, type ClipTokenizer } from '../../../main/core/clip/bert-tokenizer.js';
import { NO_VOCAB_REASON, referenceVocabFile } from '../../fixtures/reference-vocab.js';
import { bertTokenizerJson, hfOracle, type HfOracle } from './hf-bert-oracle.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-tokenizer-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function writeFile(name: string, content: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
}

const ids = (tok: ClipTokenizer, text: string) => Array.from(tok.encode(text).inputIds, Number);
/** The row without its padding, for readable expectations. */
const unpadded = (tok: ClipTokenizer, text: string) => ids(tok, text).filter((id) => id !== 0);

describe('loadBertTokenizer on a small vocabulary', () => {
  // 0 [PAD] 1 [UNK] 2 [CLS] 3 [SEP] 4 un 5 ##aff 6 ##able 7 a 8 ##b 9 Abc 10 \u2028 11 x
  const vocab = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'un', '##aff', '##able', 'a', '##b', 'Abc', '\u2028', 'x'];
  let tok: ClipTokenizer;
  beforeAll(async () => {
    tok = await loadBertTokenizer({ vocabFile: writeFile('small-vocab.txt', vocab.join('\n') + '\n'), contextLength: 8 });
  });

  it('splits words into the longest "##" pieces and pads to the context length', () => {
    expect(ids(tok, 'unaffable')).toEqual([2, 4, 5, 6, 3, 0, 0, 0]);
    expect(Array.from(tok.encode('unaffable').attentionMask, Number)).toEqual([1, 1, 1, 1, 1, 0, 0, 0]);
    expect(tok.contextLength).toBe(8);
    expect(tok.vocabSize).toBe(12);
  });

  it('makes a word with any unmatched remainder a single [UNK]', () => {
    expect(unpadded(tok, 'unaffablez ab')).toEqual([2, 1, 7, 8, 3]);
  });

  it('makes a word over 100 characters a single [UNK], as Hugging Face does', () => {
    expect(unpadded(tok, 'x'.repeat(100))).toEqual([2, 1, 3]);
    expect(unpadded(tok, 'ab'.repeat(51))).toEqual([2, 1, 3]);
  });

  it('keeps a U+2028 vocabulary line in place instead of treating it as a line break', () => {
    expect(unpadded(tok, 'x')).toEqual([2, 11, 3]);
  });

  it('truncates the pieces, never the [SEP]', () => {
    expect(ids(tok, 'a a a a a a a a a')).toEqual([2, 7, 7, 7, 7, 7, 7, 3]);
  });

  it('lowercases unless told not to', async () => {
    expect(unpadded(tok, 'AB')).toEqual([2, 7, 8, 3]);
    const cased = await loadBertTokenizer({ vocabFile: path.join(tmp, 'small-vocab.txt'), lowercase: false });
    expect(unpadded(cased, 'Abc')).toEqual([2, 9, 3]);
    expect(unpadded(cased, 'AB')).toEqual([2, 1, 3]);
  });

  it('lays a batch out row after row', () => {
    const batch = tok.encodeBatch(['unaffable', '', 'ab']);
    expect(batch.batch).toBe(3);
    expect(batch.length).toBe(8);
    expect(Array.from(batch.inputIds, Number)).toEqual([...ids(tok, 'unaffable'), ...ids(tok, ''), ...ids(tok, 'ab')]);
    expect(Array.from(batch.attentionMask, Number)).toEqual([1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0]);
  });

  it('says what is wrong with missing or unsupported files', async () => {
    await expect(loadBertTokenizer({})).rejects.toMatchObject({ code: 'TOKENIZER_MISSING' });
    await expect(loadBertTokenizer({ vocabFile: path.join(tmp, 'nope.txt') })).rejects.toMatchObject({ code: 'TOKENIZER_UNREADABLE' });
    await expect(loadBertTokenizer({ vocabFile: writeFile('no-cls.txt', '[PAD]\n[UNK]\n[SEP]\n') })).rejects.toMatchObject({ code: 'TOKENIZER_INVALID' });
    const bpe = writeFile('bpe.json', JSON.stringify({ model: { type: 'BPE', vocab: {}, merges: [] } }));
    await expect(loadBertTokenizer({ tokenizerJsonFile: bpe })).rejects.toMatchObject({ code: 'TOKENIZER_UNSUPPORTED' });
    await expect(loadBertTokenizer({ tokenizerJsonFile: writeFile('broken.json', '{') })).rejects.toMatchObject({ code: 'TOKENIZER_INVALID' });
  });
});

const vocabFile = referenceVocabFile();

describe.skipIf(!vocabFile)(`Chinese-CLIP tokenizer against Hugging Face's${vocabFile ? '' : ` (skipped: ${NO_VOCAB_REASON})`}`, () => {
  let tok: ClipTokenizer;
  let oracle: HfOracle;
  beforeAll(async () => {
    tok = await loadBertTokenizer({ vocabFile: vocabFile! });
    oracle = hfOracle(vocabFile!);
  });

  const cases: Record<string, string> = {
    'pure Chinese': '海边的日落',
    'pure Chinese 2': '穿红衣服的小孩',
    'Chinese, English and digits': '2023年的iPhone照片',
    'English, Chinese and digits': 'WiFi密码123',
    'full-width letters and punctuation': 'ＡＢＣ１２３，。！',
    emoji: '🐱猫咪😀',
    'emoji with a variation selector and a ZWJ family': '❤️家人👨‍👩‍👧',
    'CJK punctuation and curly quotes': '「证件」、“截图”…',
    'ASCII symbols': 'a+b=c; $100 (50%) #tag @me ~/x_y|z^`',
    accents: 'Café Noël',
    'Turkish dotted I and sigma': 'İstanbul ΣΑΣ',
    'long text': '这是一段很长的描述，用来测试截断：海边的日落、山上的云海、城市的夜景、街头的小吃、公园里的孩子们在放风筝，还有许多别的东西。',
    'long English': 'a very long description of a photograph taken at the beach at sunset with friends and family and a dog '.repeat(2),
    empty: '',
    'whitespace only': ' \t\n\u3000\u00a0 ',
    'control and format characters': 'a\u0000b\u0007c\u200bd\ufeffe\u00adf\ufffdg',
    'Japanese kana and Korean': 'すしの写真 김치',
    'a word over 100 characters': 'x'.repeat(120),
  };

  for (const [name, text] of Object.entries(cases)) {
    it(`matches on ${name}`, () => {
      expect(ids(tok, text)).toEqual(oracle.ids(text));
    });
  }

  it('gives the ids Chinese-CLIP was trained with on known inputs', () => {
    // Computed with cn_clip/clip/bert_tokenizer.py's algorithm over the same vocab.txt.
    expect(unpadded(tok, '红色')).toEqual([101, 5273, 5682, 102]);
    expect(unpadded(tok, '2023年的iPhone照片')).toEqual([101, 9707, 8152, 2399, 4638, 8210, 4212, 4275, 102]);
    expect(unpadded(tok, 'Café Noël')).toEqual([101, 8377, 8275, 8472, 102]);
    expect(unpadded(tok, '')).toEqual([101, 102]);
  });

  it('keeps [SEP] last when truncating long text', () => {
    const row = ids(tok, '日'.repeat(60));
    expect(row).toHaveLength(52);
    expect(row.slice(0, 3)).toEqual([101, 3189, 3189]);
    expect(row.slice(-2)).toEqual([3189, 102]);
    expect(Array.from(tok.encode('日'.repeat(60)).attentionMask).every((m) => m === 1n)).toBe(true);
  });

  it('reads the same vocabulary from a Hugging Face tokenizer.json', async () => {
    const fromJson = await loadBertTokenizer({ tokenizerJsonFile: writeFile('tokenizer.json', JSON.stringify(bertTokenizerJson(vocabFile!))) });
    expect(fromJson.vocabSize).toBe(21128);
    for (const text of Object.values(cases)) expect(ids(fromJson, text)).toEqual(ids(tok, text));
  });

  describe('where transformers.js departs from the Python tokenizers', () => {
    it('splits CJK ideographs outside the BMP into their own tokens, as Python and Rust do', () => {
      // 𠮷 (U+20BB7, CJK Extension B) is not in the vocabulary; "a" and "b" around it stay separate words.
      expect(unpadded(tok, 'a𠮷b')).toEqual([101, 143, 100, 144, 102]);
      expect(oracle.ids('a𠮷b').filter((id) => id !== 0)).toEqual([101, 100, 102]);
    });

    it('drops unassigned code points, as Python and Rust do', () => {
      expect(unpadded(tok, 'a\u0378b')).toEqual([101, 9386, 102]);
    });

    it('tokenizes text spelling a special token as plain characters, as cn_clip does', () => {
      expect(unpadded(tok, '[CLS]测试[SEP]')).toEqual([101, 138, 12847, 8118, 140, 3844, 6407, 138, 9463, 140, 102]);
      expect(oracle.ids('[CLS]测试[SEP]').filter((id) => id !== 0)).toEqual([101, 101, 3844, 6407, 102, 102]);
    });
  });

  it('matches on random mixes of Chinese, ASCII, emoji, punctuation and whitespace', () => {
    const code = (from: number, to: number) => fc.integer({ min: from, max: to }).map((cp) => String.fromCodePoint(cp));
    const unit = fc.oneof(
      { arbitrary: code(0x4e00, 0x9fff), weight: 4 },
      { arbitrary: code(0x20, 0x7e), weight: 3 },
      { arbitrary: fc.constantFrom('🐱', '😀', '👍', '🔥', '😂', '😎', '❤️', '👨‍👩‍👧', '🇨🇳', '✨'), weight: 1 },
      { arbitrary: fc.constantFrom(...'，。！？、；：「」『』（）《》“”‘’…—·～【】'), weight: 2 },
      { arbitrary: code(0xff01, 0xff5e), weight: 1 },
      { arbitrary: fc.constantFrom(...'éüñçÀÉøßİΣσς'), weight: 1 },
      { arbitrary: fc.constantFrom(' ', '\t', '\n', '\u3000', '\u00a0', '\u200b', '\u0000', '\u0007'), weight: 1 },
      { arbitrary: fc.constantFrom('iphone', 'photo', 'WiFi', 'jpg', 'DSC_0042', '2024'), weight: 1 },
    );
    // Literal special tokens are the one deliberate difference (tested above); random ASCII could spell one.
    const text = fc.string({ unit, maxLength: 80 }).filter((s) => !/\[(CLS|SEP|PAD|UNK|MASK)\]/.test(s));
    fc.assert(
      fc.property(text, (s) => {
        expect(ids(tok, s)).toEqual(oracle.ids(s));
      }),
      { numRuns: 1000 },
    );
  });
});

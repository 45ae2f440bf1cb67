import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectModelFormat, importHooks, importModelDir } from '../../../main/core/clip/model-import.js';
import { modelManifestSchema } from '../../../main/core/clip/model-manifest.js';
import { generateColourClipModels, type ColourClipModels } from '../../fixtures/colour-clip/generate-colour-clip.js';
import { NO_VOCAB_REASON, referenceVocabFile } from '../../fixtures/reference-vocab.js';

const vocabFile = referenceVocabFile();

describe.skipIf(!vocabFile)(`importing published model folders${vocabFile ? '' : ` (skipped: ${NO_VOCAB_REASON})`}`, () => {
  let tmp: string;
  let models: ColourClipModels;
  let ofaDir: string;
  /** A fresh folder under the temp dir. */
  const fresh = (name: string) => fs.mkdtempSync(path.join(tmp, `${name}-`));
  /** A copy of the files `names` of `from` in a fresh folder, for tests that damage them. */
  const copyOf = (from: string, names: string[]) => {
    const dir = fresh('copy');
    for (const name of names) fs.cpSync(path.join(from, name), path.join(dir, name), { recursive: true });
    return dir;
  };

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-model-import-'));
    models = await generateColourClipModels(path.join(tmp, 'generated'), { vocabFile });
    // The OFA export files sit beside the other formats' folders; give them a folder of their own.
    ofaDir = copyOf(models.dir, fs.readdirSync(models.dir).filter((n) => n.startsWith('colour.')));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('detects each format by its files, and nothing in a folder without a model', async () => {
    expect(await detectModelFormat(ofaDir)).toBe('ofa-sys');
    expect(await detectModelFormat(models.hf.dir)).toBe('hf-combined');
    expect(await detectModelFormat(models.xuntu.dir)).toBe('xuntu');
    expect(await detectModelFormat(fresh('empty'))).toBeNull();
    expect(await detectModelFormat(path.join(tmp, 'no-such-folder'))).toBeNull();
  });

  describe('OFA-Sys export', () => {
    it('imports the fp32 pair with names, fixed batch and sizes read from the graphs', async () => {
      const dest = fresh('ofa-fp32');
      const manifest = await importModelDir(ofaDir, dest, { vocabFile });
      expect(manifest).toMatchObject({
        id: 'colour-fp32',
        files: { image: 'colour.img.fp32.onnx', text: 'colour.txt.fp32.onnx', vocab: 'vocab.txt' },
        image: { input: 'image', output: 'unnorm_image_features', batch: 1, size: 224, resize: 'direct', interpolation: 'bicubic' },
        text: { inputIds: 'text', output: 'unnorm_text_features', batch: 1, contextLength: 52, padId: 0, clsId: 101, sepId: 102, unkId: 100, lowercase: true },
        outputsNormalized: false,
        embeddingDim: 512,
      });
      expect(manifest.text.attentionMask).toBeUndefined();
      expect(modelManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(dest, 'manifest.json'), 'utf8')))).toEqual(manifest);
      expect(fs.readdirSync(dest).sort()).toEqual(['colour.img.fp32.onnx', 'colour.txt.fp32.onnx', 'manifest.json', 'vocab.txt']);
    });

    it('imports the fp16 pair with each .extra_file beside its graph under its original name', async () => {
      const dest = fresh('ofa-fp16');
      const manifest = await importHooks['ofa-sys'](ofaDir, { id: 'chinese-clip-colour', vocabFile, unrelated: true }, 'fp16', dest);
      expect(manifest.id).toBe('chinese-clip-colour-fp16');
      expect(manifest.files).toMatchObject({ image: 'colour.img.fp16.onnx', text: 'colour.txt.fp16.onnx' });
      for (const name of ['colour.img.fp16.onnx.extra_file', 'colour.txt.fp16.onnx.extra_file']) {
        expect(fs.readFileSync(path.join(dest, name))).toEqual(fs.readFileSync(path.join(ofaDir, name)));
      }
    });

    it('uses a vocab.txt shipped in the folder, and otherwise needs one', async () => {
      await expect(importModelDir(ofaDir, fresh('no-vocab'))).rejects.toMatchObject({ code: 'TOKENIZER_MISSING' });
      const withVocab = copyOf(ofaDir, ['colour.img.fp32.onnx', 'colour.txt.fp32.onnx']);
      fs.copyFileSync(vocabFile!, path.join(withVocab, 'vocab.txt'));
      expect((await importModelDir(withVocab, fresh('own-vocab'))).files.vocab).toBe('vocab.txt');
    });

    it('names the variants it has when asked for another', async () => {
      await expect(importModelDir(ofaDir, fresh('int8'), { vocabFile, variant: 'int8' })).rejects.toMatchObject({
        code: 'MODEL_VARIANT_UNAVAILABLE',
        message: expect.stringContaining('colour (fp16, fp32)'),
      });
    });

    it('refuses an fp16 graph whose .extra_file is missing, saying which', async () => {
      const dir = copyOf(ofaDir, ['colour.img.fp16.onnx', 'colour.img.fp16.onnx.extra_file', 'colour.txt.fp16.onnx']);
      await expect(importModelDir(dir, fresh('lost-weights'), { vocabFile, variant: 'fp16' })).rejects.toMatchObject({
        code: 'MODEL_CORRUPT',
        message: expect.stringMatching(/colour\.txt\.fp16\.onnx keeps its weights in colour\.txt\.fp16\.onnx\.extra_file, which is missing/),
      });
    });
  });

  describe('Hugging Face combined export', () => {
    it('splits the graph into an image and a text model whose weights stay in the upstream file', async () => {
      const dest = fresh('hf');
      const manifest = await importModelDir(models.hf.dir, dest, { vocabFile });
      expect(manifest).toMatchObject({
        id: 'ofa-sys-chinese-clip-vit-base-patch16-fp32',
        family: 'chinese-clip',
        files: { image: 'image.onnx', text: 'text.onnx', vocab: 'vocab.txt' },
        image: { input: 'pixel_values', output: 'image_embeds', batch: 'dynamic', size: 224, resize: 'direct', interpolation: 'bicubic' },
        text: { inputIds: 'input_ids', attentionMask: 'attention_mask', output: 'text_embeds', batch: 'dynamic', contextLength: 52, lowercase: true },
        outputsNormalized: true,
        embeddingDim: 512,
        importedFrom: { format: 'hf-combined', variant: 'fp32' },
      });
      expect(manifest.importedFrom!.files.map((f) => f.path)).toEqual(
        expect.arrayContaining([path.join('onnx', 'model.onnx'), 'preprocessor_config.json', 'config.json', 'tokenizer_config.json']),
      );

      const { DataLocation } = onnxProto.onnx.TensorProto;
      const towers = Object.fromEntries(
        ['image', 'text'].map((tower) => [tower, onnxProto.onnx.ModelProto.decode(fs.readFileSync(path.join(dest, `${tower}.onnx`))).graph!]),
      );
      expect(towers.image!.input!.map((v) => v.name)).toEqual(['pixel_values']);
      expect(towers.text!.input!.map((v) => v.name)).toEqual(['input_ids', 'attention_mask']);
      expect(towers.image!.initializer!.map((t) => t.name)).not.toContain('token_directions');
      expect(towers.text!.initializer!.map((t) => t.name)).not.toContain('colour_directions');
      const referenced = towers.text!.initializer!.find((t) => t.name === 'token_directions')!;
      expect(referenced.dataLocation).toBe(DataLocation.EXTERNAL);
      expect(referenced.externalData?.find((e) => e.key === 'location')?.value).toBe('model.onnx');
      expect(fs.statSync(path.join(dest, 'text.onnx')).size).toBeLessThan(10_000);
      expect(fs.readFileSync(path.join(dest, 'model.onnx'))).toEqual(fs.readFileSync(models.hf.model));
    });

    it('reuses the previous split while the source files are unchanged, even when only their mtime moved', async () => {
      const source = copyOf(models.hf.dir, ['onnx', 'config.json', 'preprocessor_config.json', 'tokenizer_config.json']);
      const dest = fresh('hf-cached');
      await importModelDir(source, dest, { vocabFile });
      const splitAt = fs.statSync(path.join(dest, 'image.onnx')).mtimeMs;
      const later = new Date(Date.now() + 60_000);
      fs.utimesSync(path.join(source, 'onnx', 'model.onnx'), later, later);
      const again = await importModelDir(source, dest, { vocabFile, id: 'renamed' });
      expect(again.id).toBe('renamed');
      expect(fs.statSync(path.join(dest, 'image.onnx')).mtimeMs).toBe(splitAt);

      // A changed configuration is a new import.
      const configFile = path.join(source, 'preprocessor_config.json');
      fs.writeFileSync(configFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(configFile, 'utf8')), resample: 2 }));
      expect((await importModelDir(source, dest, { vocabFile })).image.interpolation).toBe('bilinear');
    });

    it('names the variants it has when asked for another', async () => {
      await expect(importModelDir(models.hf.dir, fresh('hf-q4'), { vocabFile, variant: 'q4' })).rejects.toMatchObject({
        code: 'MODEL_VARIANT_UNAVAILABLE',
        message: expect.stringContaining(`no model_q4.onnx for variant q4; it has ${path.join('onnx', 'model.onnx')}`),
      });
    });

    it("takes the model manager's catalog entry and variant: the variant's listed graph, the entry's names", async () => {
      const source = copyOf(models.hf.dir, ['onnx', 'config.json', 'preprocessor_config.json', 'tokenizer_config.json']);
      fs.renameSync(path.join(source, 'onnx', 'model.onnx'), path.join(source, 'onnx', 'model_quantized.onnx'));
      const entry = {
        id: 'chinese-clip-vit-base-patch16',
        displayName: { zh: '中文 CLIP ViT-B/16', en: 'Chinese-CLIP ViT-B/16' },
        license: 'MIT',
        homepage: 'https://github.com/OFA-Sys/Chinese-CLIP',
        format: 'hf-combined',
        vocabFile,
      };
      const variant = { id: 'int8', files: [{ path: 'onnx/model_quantized.onnx', url: null, size: null, sha256: null }] };
      const manifest = await importHooks['hf-combined'](source, entry, variant, fresh('catalog'));
      expect(manifest).toMatchObject({
        id: 'chinese-clip-vit-base-patch16-int8',
        displayName: 'Chinese-CLIP ViT-B/16 (int8)',
        license: 'MIT',
        source: 'https://github.com/OFA-Sys/Chinese-CLIP',
        importedFrom: { variant: 'int8' },
      });
    });
  });

  it("imports Xuntu's layout as it is, adding the tokenizer its manifest lacks", async () => {
    const dest = fresh('xuntu');
    const manifest = await importModelDir(models.xuntu.dir, dest, { vocabFile });
    const original = modelManifestSchema.parse(JSON.parse(fs.readFileSync(models.xuntu.manifest, 'utf8')));
    expect(manifest).toEqual({ ...original, files: { ...original.files, vocab: 'vocab.txt' } });
    await expect(importModelDir(models.xuntu.dir, fresh('xuntu-no-vocab'))).rejects.toMatchObject({ code: 'TOKENIZER_MISSING' });

    const broken = copyOf(models.xuntu.dir, ['manifest.json', 'image.onnx']);
    await expect(importModelDir(broken, fresh('xuntu-missing'), { vocabFile })).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
      message: expect.stringContaining('text.onnx'),
    });
  });

  describe('damaged and unrecognised folders', () => {
    const truncate = (file: string) => fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));

    it.each([
      ['an OFA-Sys graph', () => copyOf(ofaDir, ['colour.img.fp32.onnx', 'colour.txt.fp32.onnx']), 'colour.txt.fp32.onnx'],
      ['a Hugging Face combined graph', () => copyOf(models.hf.dir, ['onnx', 'preprocessor_config.json']), path.join('onnx', 'model.onnx')],
      ["a Xuntu layout's tower", () => copyOf(models.xuntu.dir, ['manifest.json', 'image.onnx', 'text.onnx']), 'image.onnx'],
    ])('refuses a truncated file in %s as MODEL_CORRUPT, naming it and the remedy', async (_, makeCopy, damaged) => {
      const dir = makeCopy();
      truncate(path.join(dir, damaged));
      const error = await importModelDir(dir, fresh('truncated'), { vocabFile }).catch((err: unknown) => err);
      expect(error).toMatchObject({ code: 'MODEL_CORRUPT' });
      expect((error as Error).message).toContain(path.join(dir, damaged));
      expect((error as Error).message).toMatch(/xuntu model verify.*xuntu model fetch/);
    });

    it('refuses a folder with nothing recognisable, listing what it looked for', async () => {
      const dir = fresh('photos');
      fs.writeFileSync(path.join(dir, 'cat.jpg'), '');
      fs.writeFileSync(path.join(dir, 'weights.bin'), '');
      const error = await importModelDir(dir, fresh('unknown')).catch((err: unknown) => err);
      expect(error).toMatchObject({ code: 'MODEL_FORMAT_UNKNOWN' });
      expect((error as Error).message).toMatch(/found: cat\.jpg, weights\.bin/);
      expect((error as Error).message).toMatch(/manifest\.json.*\n.*\.img\.fp32\.onnx.*\n.*onnx\/model\.onnx/);
      await expect(importModelDir(path.join(tmp, 'no-such-folder'), fresh('missing'))).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    });
  });
});

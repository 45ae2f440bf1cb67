import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBertTokenizer, type ClipTokenizer } from '../../../main/core/clip/bert-tokenizer.js';
import { CHINESE_CLIP } from '../../../main/core/clip/chinese-clip-defaults.js';
import { modelManifestSchema } from '../../../main/core/clip/model-manifest.js';
import { generateColourClipModels, type ColourClipModels } from '../../fixtures/colour-clip/generate-colour-clip.js';
import { OFA_FEATURE_SCALE } from '../../fixtures/colour-clip/write-ofa-export.js';
import { NO_VOCAB_REASON, referenceVocabFile } from '../../fixtures/reference-vocab.js';

const vocabFile = referenceVocabFile();
const DIM = 512;
const SIZE = CHINESE_CLIP.imageSize;
const L = CHINESE_CLIP.contextLength;

/** Solid test photos and the query that should find each, in the same order. */
const PHOTOS: [string, [number, number, number]][] = [
  ['红色', [255, 0, 0]],
  ['绿色', [0, 255, 0]],
  ['蓝色', [0, 0, 255]],
  ['黄色', [255, 255, 0]],
  ['黑色', [0, 0, 0]],
  ['白色', [255, 255, 255]],
];
const QUERIES = PHOTOS.map(([q]) => q);

/** A batch of solid-colour images as Chinese-CLIP preprocessing hands them to the image tower. */
function solidPixels(colours: [number, number, number][]): Float32Array {
  const plane = SIZE * SIZE;
  const out = new Float32Array(colours.length * 3 * plane);
  colours.forEach((rgb, n) =>
    rgb.forEach((v, c) => out.fill((v / 255 - CHINESE_CLIP.imageMean[c]!) / CHINESE_CLIP.imageStd[c]!, (n * 3 + c) * plane, (n * 3 + c + 1) * plane)),
  );
  return out;
}

function normalizeRows(data: Float32Array, rows: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) {
    const row = data.subarray(r * DIM, (r + 1) * DIM);
    const norm = Math.hypot(...row);
    out.set(row.map((v) => v / norm), r * DIM);
  }
  return out;
}

const rowNorms = (data: Float32Array, rows: number) => Array.from({ length: rows }, (_, r) => Math.hypot(...data.subarray(r * DIM, (r + 1) * DIM)));

/** cos[t][i] between normalised text rows and image rows. */
function cosines(text: Float32Array, images: Float32Array): number[][] {
  const nt = text.length / DIM;
  const ni = images.length / DIM;
  return Array.from({ length: nt }, (_, t) =>
    Array.from({ length: ni }, (_, i) => text.subarray(t * DIM, (t + 1) * DIM).reduce((s, v, k) => s + v * images[i * DIM + k]!, 0)),
  );
}

const argmax = (row: number[]) => row.indexOf(Math.max(...row));
const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

/** Each query ranks its own colour first, and each photo its own query; with a clear margin. */
function expectColoursMatch(text: Float32Array, images: Float32Array): void {
  const cos = cosines(text, images);
  cos.forEach((row, t) => {
    expect(argmax(row), `${QUERIES[t]} should rank its own photo first: ${row.map((c) => c.toFixed(2))}`).toBe(t);
    expect(row[t]).toBeGreaterThan(0.9);
    row.forEach((c, i) => i !== t && expect(c).toBeLessThan(0.2));
  });
  PHOTOS.forEach((_, i) => expect(argmax(cos.map((row) => row[i]!))).toBe(i));
}

/** Input or output shapes by name, as an importer reads them from the graph (symbolic axes are strings). */
function shapes(metadata: readonly ort.InferenceSession.ValueMetadata[]): Record<string, readonly (number | string)[]> {
  return Object.fromEntries(metadata.map((m) => [m.name, m.isTensor ? m.shape : []]));
}

async function run(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>): Promise<Record<string, Float32Array>> {
  const out = await session.run(feeds);
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.data as Float32Array]));
}

describe.skipIf(!vocabFile)(`colour CLIP test models${vocabFile ? '' : ` (skipped: ${NO_VOCAB_REASON})`}`, () => {
  let dir: string;
  let models: ColourClipModels;
  let tok: ClipTokenizer;
  const pixels = (colours: [number, number, number][]) => new ort.Tensor('float32', solidPixels(colours), [colours.length, 3, SIZE, SIZE]);
  const tokens = (texts: string[]) => {
    const { inputIds, attentionMask, batch, length } = tok.encodeBatch(texts);
    return { ids: new ort.Tensor('int64', inputIds, [batch, length]), mask: new ort.Tensor('int64', attentionMask, [batch, length]) };
  };
  /** Embeddings per format, normalised, for the cross-format comparison. */
  const embeddings: Record<string, { text: Float32Array; images: Float32Array }> = {};

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-colour-clip-'));
    models = await generateColourClipModels(dir, { vocabFile });
    tok = await loadBertTokenizer({ vocabFile: vocabFile! });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('OFA-Sys export', () => {
    /** Batch fixed at 1: one run per photo and per query. */
    async function embedOfa(imgFile: string, txtFile: string) {
      const img = await ort.InferenceSession.create(imgFile);
      const txt = await ort.InferenceSession.create(txtFile);
      const images = new Float32Array(PHOTOS.length * DIM);
      const text = new Float32Array(QUERIES.length * DIM);
      for (const [i, [query, rgb]] of PHOTOS.entries()) {
        images.set((await run(img, { image: pixels([rgb]) })).unnorm_image_features!, i * DIM);
        text.set((await run(txt, { text: tokens([query]).ids })).unnorm_text_features!, i * DIM);
      }
      return { images, text };
    }

    it('has the official tensor names and fixed shapes', async () => {
      const img = await ort.InferenceSession.create(models.ofa.imgFp32);
      const txt = await ort.InferenceSession.create(models.ofa.txtFp32);
      expect(shapes(img.inputMetadata)).toEqual({ image: [1, 3, 224, 224] });
      expect(shapes(img.outputMetadata)).toEqual({ unnorm_image_features: [1, DIM] });
      expect(shapes(txt.inputMetadata)).toEqual({ text: [1, L] });
      expect(shapes(txt.outputMetadata)).toEqual({ unnorm_text_features: [1, DIM] });
    });

    it('ranks each colour query first for its own photo, with unnormalised outputs', async () => {
      const { images, text } = await embedOfa(models.ofa.imgFp32, models.ofa.txtFp32);
      // A consumer that forgets to normalise sees norms far from 1.
      for (const n of [...rowNorms(images, PHOTOS.length), ...rowNorms(text, QUERIES.length)]) expect(n).toBeGreaterThan(OFA_FEATURE_SCALE * 0.9);
      embeddings.ofa = { images: normalizeRows(images, PHOTOS.length), text: normalizeRows(text, QUERIES.length) };
      expectColoursMatch(embeddings.ofa.text, embeddings.ofa.images);
    });

    it('rejects a batch of 2', async () => {
      const img = await ort.InferenceSession.create(models.ofa.imgFp32);
      const txt = await ort.InferenceSession.create(models.ofa.txtFp32);
      await expect(img.run({ image: pixels([[255, 0, 0], [0, 0, 255]]) })).rejects.toThrow(/dimension|Expected: 1/i);
      await expect(txt.run({ text: tokens(['红色', '蓝色']).ids })).rejects.toThrow(/dimension|Expected: 1/i);
    });

    it('fp16 files keep float32 inputs and outputs, load their weights from .extra_file, and agree within 1e-2', async () => {
      const { images, text } = await embedOfa(models.ofa.imgFp16, models.ofa.txtFp16);
      const fp32 = await embedOfa(models.ofa.imgFp32, models.ofa.txtFp32);
      expect(maxAbsDiff(normalizeRows(images, PHOTOS.length), normalizeRows(fp32.images, PHOTOS.length))).toBeLessThan(1e-2);
      expect(maxAbsDiff(normalizeRows(text, QUERIES.length), normalizeRows(fp32.text, QUERIES.length))).toBeLessThan(1e-2);

      for (const file of [models.ofa.imgFp16, models.ofa.txtFp16]) {
        const model = onnxProto.onnx.ModelProto.decode(fs.readFileSync(file));
        const external = (model.graph?.initializer ?? []).filter((t) => t.dataLocation === onnxProto.onnx.TensorProto.DataLocation.EXTERNAL);
        expect(external.length).toBeGreaterThan(0);
        for (const t of external) {
          expect(t.dataType).toBe(onnxProto.onnx.TensorProto.DataType.FLOAT16);
          expect(Object.fromEntries((t.externalData ?? []).map((e) => [e.key, e.value])).location).toBe(`${path.basename(file)}.extra_file`);
        }
        // Without its data file the model cannot load: the weights really are outside the protobuf.
        const alone = fs.mkdtempSync(path.join(dir, 'alone-'));
        fs.copyFileSync(file, path.join(alone, path.basename(file)));
        await expect(ort.InferenceSession.create(path.join(alone, path.basename(file)))).rejects.toThrow();
      }
    });
  });

  describe('Hugging Face combined export', () => {
    it('takes independent text and image batches and returns normalised embeddings and 100× logits', async () => {
      const session = await ort.InferenceSession.create(models.hf.model);
      expect(shapes(session.inputMetadata)).toEqual({
        input_ids: ['text_batch_size', 'sequence_length'],
        pixel_values: ['image_batch_size', 'num_channels', 'height', 'width'],
        attention_mask: ['text_batch_size', 'sequence_length'],
      });
      expect(shapes(session.outputMetadata)).toEqual({
        logits_per_image: ['image_batch_size', 'text_batch_size'],
        logits_per_text: ['text_batch_size', 'image_batch_size'],
        text_embeds: ['text_batch_size', DIM],
        image_embeds: ['image_batch_size', DIM],
      });
      expect(session.inputNames).toEqual(['input_ids', 'pixel_values', 'attention_mask']);
      const { ids, mask } = tokens(QUERIES);
      const out = await run(session, { input_ids: ids, attention_mask: mask, pixel_values: pixels(PHOTOS.map(([, rgb]) => rgb)) });
      for (const n of [...rowNorms(out.text_embeds!, QUERIES.length), ...rowNorms(out.image_embeds!, PHOTOS.length)]) expect(n).toBeCloseTo(1, 5);
      embeddings.hf = { text: out.text_embeds!, images: out.image_embeds! };
      expectColoursMatch(out.text_embeds!, out.image_embeds!);

      const cos = cosines(out.text_embeds!, out.image_embeds!);
      const n = PHOTOS.length;
      cos.forEach((row, t) =>
        row.forEach((c, i) => {
          expect(out.logits_per_text![t * n + i]).toBeCloseTo(100 * c, 2);
          expect(out.logits_per_image![i * n + t]).toBeCloseTo(100 * c, 2);
        }),
      );

      const small = tokens(['红色', '白色', '小猫']);
      const mixed = await run(session, { input_ids: small.ids, attention_mask: small.mask, pixel_values: pixels([[255, 255, 255], [255, 0, 0]]) });
      expect(mixed.logits_per_image).toHaveLength(2 * 3);
      expect(argmax(Array.from(mixed.logits_per_image!.subarray(0, 3)))).toBe(1);
      expect(argmax(Array.from(mixed.logits_per_image!.subarray(3, 6)))).toBe(0);
    });

    it('ships the Hugging Face configs an importer reads', () => {
      const pre = JSON.parse(fs.readFileSync(path.join(models.hf.dir, 'preprocessor_config.json'), 'utf8'));
      expect(pre).toMatchObject({ do_resize: true, size: { height: 224, width: 224 }, do_center_crop: false, resample: 3 });
      expect(pre.image_mean).toEqual(CHINESE_CLIP.imageMean);
      const config = JSON.parse(fs.readFileSync(path.join(models.hf.dir, 'config.json'), 'utf8'));
      expect(config).toMatchObject({ model_type: 'chinese_clip', projection_dim: 512 });
    });
  });

  describe("Xuntu's layout", () => {
    it('has a valid manifest and dynamic-batch towers that rank colours', async () => {
      const manifest = modelManifestSchema.parse(JSON.parse(fs.readFileSync(models.xuntu.manifest, 'utf8')));
      const img = await ort.InferenceSession.create(path.join(models.xuntu.dir, manifest.files.image));
      const txt = await ort.InferenceSession.create(path.join(models.xuntu.dir, manifest.files.text));
      expect(shapes(img.inputMetadata)).toEqual({ [manifest.image.input]: ['batch', 3, manifest.image.size, manifest.image.size] });
      expect(shapes(txt.inputMetadata)).toEqual({
        [manifest.text.inputIds]: ['batch', manifest.text.contextLength],
        [manifest.text.attentionMask!]: ['batch', manifest.text.contextLength],
      });
      const { ids, mask } = tokens(QUERIES);
      const images = (await run(img, { [manifest.image.input]: pixels(PHOTOS.map(([, rgb]) => rgb)) }))[manifest.image.output]!;
      const text = (await run(txt, { [manifest.text.inputIds]: ids, [manifest.text.attentionMask!]: mask }))[manifest.text.output]!;
      for (const n of rowNorms(images, PHOTOS.length)) expect(n).toBeCloseTo(1, 5);
      embeddings.xuntu = { text, images };
      expectColoursMatch(text, images);
    });

    it('gives words without a colour a small, non-zero vector and finds colours inside longer queries', async () => {
      const txt = await ort.InferenceSession.create(path.join(models.xuntu.dir, 'text.onnx'));
      const img = await ort.InferenceSession.create(path.join(models.xuntu.dir, 'image.onnx'));
      const images = (await run(img, { pixel_values: pixels(PHOTOS.map(([, rgb]) => rgb)) })).image_embeds!;
      const { ids, mask } = tokens(['小猫在睡觉', '一辆大红色的汽车', 'blue sky 蓝天']);
      const [cat, redCar, blueSky] = cosines((await run(txt, { input_ids: ids, attention_mask: mask })).text_embeds!, images);
      for (const c of cat!) expect(Math.abs(c)).toBeLessThan(0.3);
      expect(argmax(redCar!)).toBe(0);
      expect(argmax(blueSky!)).toBe(2);
    });
  });

  it('gives the same normalised embeddings in all three formats (within 1e-4)', () => {
    const { ofa, hf, xuntu } = embeddings;
    expect(ofa && hf && xuntu, 'the per-format tests ran first').toBeTruthy();
    for (const other of [hf!, xuntu!]) {
      expect(maxAbsDiff(ofa!.images, other.images)).toBeLessThan(1e-4);
      expect(maxAbsDiff(ofa!.text, other.text)).toBeLessThan(1e-4);
    }
  });
});

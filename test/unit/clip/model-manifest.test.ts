import { describe, expect, it } from 'vitest';
import { modelManifestSchema, type ModelManifest } from '../../../main/core/clip/model-manifest.js';

const valid: ModelManifest = {
  id: 'chinese-clip-vit-b-16',
  family: 'chinese-clip',
  displayName: 'Chinese-CLIP ViT-B/16',
  format: 'xuntu',
  files: { image: 'image.onnx', text: 'text.onnx', vocab: 'vocab.txt' },
  image: {
    input: 'image',
    output: 'unnorm_image_features',
    batch: 1,
    size: 224,
    resize: 'direct',
    interpolation: 'bicubic',
    mean: [0.48145466, 0.4578275, 0.40821073],
    std: [0.26862954, 0.26130258, 0.27577711],
  },
  text: {
    inputIds: 'text',
    output: 'unnorm_text_features',
    batch: 1,
    contextLength: 52,
    padId: 0,
    clsId: 101,
    sepId: 102,
    unkId: 100,
    lowercase: true,
    pooling: 'in-graph',
  },
  outputsNormalized: false,
  embeddingDim: 512,
  logitScale: 100,
  license: 'MIT',
  source: 'https://github.com/OFA-Sys/Chinese-CLIP',
};

/** `valid` with one part replaced. */
const withPart = (patch: Record<string, unknown>) => ({ ...valid, ...patch });

describe('modelManifestSchema', () => {
  it('accepts an OFA-Sys model converted to the Xuntu layout (fixed batch, no attention mask input)', () => {
    expect(modelManifestSchema.parse(valid)).toEqual(valid);
  });

  it('refuses files outside the model folder', () => {
    for (const file of ['../text.onnx', '/etc/passwd', 'sub/../../x.onnx', 'C:\\models\\text.onnx', '..\\text.onnx']) {
      expect(modelManifestSchema.safeParse(withPart({ files: { ...valid.files, text: file } })).success, file).toBe(false);
    }
    expect(modelManifestSchema.safeParse(withPart({ files: { ...valid.files, text: 'onnx/text.onnx' } })).success).toBe(true);
  });

  it('refuses values the engine could not act on', () => {
    const bad = [
      withPart({ format: 'hf' }),
      withPart({ id: 'Has Spaces' }),
      withPart({ image: { ...valid.image, batch: 2 } }),
      withPart({ image: { ...valid.image, resize: 'crop' } }),
      withPart({ image: { ...valid.image, std: [0.26, 0, 0.27] } }),
      withPart({ image: { ...valid.image, mean: [0.5, 0.5] } }),
      withPart({ text: { ...valid.text, contextLength: 1 } }),
      withPart({ text: { ...valid.text, pooling: 'mean' } }),
      withPart({ embeddingDim: 0 }),
      withPart({ unexpected: true }),
    ];
    for (const manifest of bad) expect(modelManifestSchema.safeParse(manifest).success, JSON.stringify(manifest)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import {
  catalogSchema,
  defaultModel,
  findModel,
  findVariant,
  loadCatalog,
  parseCatalog,
  variantFiles,
  type Catalog,
} from '../../../models/catalog.js';

const catalog = loadCatalog();

/** A deep copy to break in one place. */
const copy = (): Catalog => structuredClone(catalog);
const issues = (json: unknown) => (catalogSchema.safeParse(json).error?.issues ?? []).map((i) => i.message).join('\n');

describe('the bundled model catalog', () => {
  it('validates, with exactly one default: Chinese-CLIP ViT-B/16', () => {
    expect(catalog.models.filter((m) => m.default)).toHaveLength(1);
    expect(defaultModel(catalog).id).toBe('chinese-clip-vit-base-patch16');
  });

  it('has unique ids, and every variant lists files', () => {
    const ids = catalog.models.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const entry of catalog.models) {
      for (const variant of entry.variants) expect(variant.files.length, `${entry.id} ${variant.id}`).toBeGreaterThan(0);
    }
  });

  it('downloads the default model from the Xenova ONNX port, whose int8 graph has a published sha256', () => {
    const entry = defaultModel(catalog);
    expect(entry).toMatchObject({ format: 'hf-combined', embeddingDim: 512, sources: { huggingface: { repo: 'Xenova/chinese-clip-vit-base-patch16' } } });
    expect(variantFiles(entry, findVariant(entry)).map((f) => f.path)).toContain('onnx/model.onnx');
    expect(findVariant(entry, 'int8').files[0]).toMatchObject({ path: 'onnx/model_quantized.onnx', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('marks models without downloadable ONNX as import-only', () => {
    for (const id of ['chinese-clip-vit-huge-patch14', 'chinese-clip-rn50', 'taiyi-clip-roberta-102m-vit-l-chinese']) {
      const entry = findModel(catalog, id);
      expect(entry.sources, id).toEqual({});
      expect(variantFiles(entry, findVariant(entry)).every((f) => f.url === null), id).toBe(true);
    }
    expect(findModel(catalog, 'taiyi-clip-roberta-102m-vit-l-chinese').imageResize).toBe('shortest-side-center-crop');
  });

  it('refuses a second default, none at all, and duplicate ids', () => {
    const two = copy();
    two.models[1]!.default = true;
    expect(issues(two)).toMatch(/exactly one model must be the default, found 2/);
    const none = copy();
    none.models[0]!.default = false;
    expect(issues(none)).toMatch(/found 0/);
    const twice = copy();
    twice.models.push({ ...twice.models[1]! });
    expect(issues(twice)).toMatch(/listed twice/);
  });

  it('refuses inconsistent entries', () => {
    const noFiles = copy();
    noFiles.models[0]!.variants[0]!.files = [];
    expect(issues(noFiles)).not.toBe('');

    const badDefault = copy();
    badDefault.models[0]!.defaultVariant = 'q4';
    expect(issues(badDefault)).toMatch(/q4 is not one of the variants/);

    const urlWithoutSource = copy();
    urlWithoutSource.models[3]!.variants[0]!.files[0]!.url = 'x.onnx';
    expect(issues(urlWithoutSource)).toMatch(/has a url but the model has no source/);

    const escaping = copy();
    escaping.models[0]!.variants[0]!.files[0]!.url = '../other/model.onnx';
    expect(issues(escaping)).not.toBe('');

    const badHash = copy();
    badHash.models[0]!.variants[0]!.files[0]!.sha256 = 'ABC';
    expect(issues(badHash)).toMatch(/sha256/);
  });

  it('answers unknown models and variants with MODEL_NOT_FOUND, and an invalid catalog with MODEL_CATALOG_INVALID', () => {
    expect(() => findModel(catalog, 'nope')).toThrow(expect.objectContaining({ code: 'MODEL_NOT_FOUND' }));
    expect(() => findVariant(defaultModel(catalog), 'q4f16')).toThrow(expect.objectContaining({ code: 'MODEL_NOT_FOUND' }));
    expect(() => parseCatalog({ version: 2, models: [] })).toThrow(expect.objectContaining({ code: 'MODEL_CATALOG_INVALID' }));
  });
});

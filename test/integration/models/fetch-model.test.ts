import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCatalog, type Hub } from '../../../models/catalog.js';
import type { ModelManifest } from '../../../main/core/clip/model-manifest.js';
import { fetchModel, type FetchModelOptions, type FetchProgress } from '../../../main/core/models/fetch-model.js';
import { importModelFolder } from '../../../main/core/models/import-model.js';
import { ModelStore } from '../../../main/core/models/model-store.js';
import { hubFileUrl } from '../../../main/core/models/source-url.js';
import { assertModelIntact, verifyModel } from '../../../main/core/models/verify-model.js';
import { LoopbackHub } from './loopback-hub.js';
import { importXuntuLayout } from './xuntu-import-hook.js';

const manifest: ModelManifest = {
  id: 'test-clip',
  family: 'chinese-clip',
  displayName: 'Test CLIP',
  format: 'xuntu',
  files: { image: 'image.onnx', text: 'text.onnx', vocab: 'vocab.txt' },
  image: {
    input: 'pixel_values',
    output: 'image_embeds',
    batch: 'dynamic',
    size: 224,
    resize: 'direct',
    interpolation: 'bicubic',
    mean: [0.48145466, 0.4578275, 0.40821073],
    std: [0.26862954, 0.26130258, 0.27577711],
  },
  text: {
    inputIds: 'input_ids',
    attentionMask: 'attention_mask',
    output: 'text_embeds',
    batch: 'dynamic',
    contextLength: 52,
    padId: 0,
    clsId: 101,
    sepId: 102,
    unkId: 100,
    lowercase: true,
    pooling: 'in-graph',
  },
  outputsNormalized: true,
  embeddingDim: 512,
  logitScale: 100,
  license: 'MIT',
  source: 'test',
};

/** The published files; random graphs stand in for ONNX, which nothing here loads. */
const published: Record<string, Buffer> = {
  'manifest.json': Buffer.from(JSON.stringify(manifest)),
  'vocab.txt': Buffer.from('[PAD]\n[UNK]\n[CLS]\n[SEP]\n'),
  'image.onnx': randomBytes(300 * 1024),
  'text.onnx': randomBytes(200 * 1024),
};
const sha256 = (name: string) => createHash('sha256').update(published[name]!).digest('hex');
const size = (name: string) => published[name]!.length;

const REPO = { huggingface: { repo: 'test/clip', revision: 'main' }, modelscope: { repo: 'test/clip', revision: 'master' } };

const entryBase = {
  family: 'chinese-clip',
  description: { zh: '测试', en: 'test' },
  license: 'MIT',
  homepage: 'https://example.com/',
  embeddingDim: 512,
  imageSize: 224,
  imageResize: 'direct',
  format: 'xuntu',
  defaultVariant: 'fp32',
  upstream: {},
};

/** Verification by every means the catalog allows: size and hash, size only, and neither (text.onnx). */
const catalog = parseCatalog({
  version: 1,
  models: [
    {
      ...entryBase,
      id: 'test-clip',
      displayName: { zh: '测试', en: 'Test' },
      default: true,
      files: [
        { path: 'manifest.json', url: 'manifest.json', size: size('manifest.json'), sha256: sha256('manifest.json') },
        { path: 'vocab.txt', url: 'vocab.txt', size: size('vocab.txt'), sha256: null },
      ],
      variants: [
        {
          id: 'fp32',
          files: [
            { path: 'image.onnx', url: 'image.onnx', size: size('image.onnx'), sha256: sha256('image.onnx') },
            { path: 'text.onnx', url: 'text.onnx', size: null, sha256: null },
          ],
        },
      ],
      sources: REPO,
    },
    {
      ...entryBase,
      id: 'import-only',
      displayName: { zh: '导入', en: 'Import only' },
      default: false,
      files: [
        { path: 'manifest.json', url: null, size: null, sha256: null },
        { path: 'vocab.txt', url: null, size: null, sha256: null },
      ],
      variants: [
        {
          id: 'fp32',
          files: [
            { path: 'image.onnx', url: null, size: null, sha256: null },
            { path: 'text.onnx', url: null, size: null, sha256: null },
          ],
        },
      ],
      sources: {},
    },
  ],
});

let hub: LoopbackHub;
let modelsDir: string;
let options: FetchModelOptions;

/** Where fetchModel will ask for a file: the hub URL for Hugging Face (which redirects to the CDN), or ModelScope's. */
const hubUrl = (which: Hub, name: string) =>
  hubFileUrl(which, which === 'huggingface' ? hub.url : `${hub.url}/ms`, { ...REPO[which], path: name });
const cdnUrl = (name: string) => `${hub.url}/cdn/${name}`;

beforeEach(async () => {
  hub = await new LoopbackHub().start();
  for (const [name, body] of Object.entries(published)) {
    hub.put(cdnUrl(name), body);
    hub.redirect(hubUrl('huggingface', name), cdnUrl(name));
    hub.put(hubUrl('modelscope', name), body);
  }
  modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-models-'));
  options = {
    importModel: importXuntuLayout,
    modelsDir,
    catalog,
    env: { HF_ENDPOINT: hub.url, MODELSCOPE_DOMAIN: `${hub.url}/ms` },
    retry: { retryDelayMs: 5 },
  };
});
afterEach(async () => {
  await hub.close();
  fs.rmSync(modelsDir, { recursive: true, force: true });
});

const installedDir = () => path.join(modelsDir, 'test-clip', 'fp32');

describe('fetchModel', () => {
  it('downloads every file through the hub redirect, imports, records and verifies the install', async () => {
    const progress: FetchProgress[] = [];
    const result = await fetchModel('test-clip', { ...options, onProgress: (p) => progress.push(p) });

    expect(result).toMatchObject({ id: 'test-clip', variant: 'fp32', dir: installedDir(), alreadyInstalled: false });
    expect(result.downloaded).toEqual(['manifest.json', 'vocab.txt', 'image.onnx', 'text.onnx']);
    expect(result.manifest).toEqual(manifest);
    for (const [name, body] of Object.entries(published)) expect(fs.readFileSync(path.join(installedDir(), name)).equals(body)).toBe(true);
    expect(fs.existsSync(path.join(installedDir(), '.partial'))).toBe(false);
    expect(hub.requestsFor(hubUrl('huggingface', 'image.onnx')).map((r) => r.status)).toEqual([302]);
    expect(progress.filter((p) => p.file === 'text.onnx').at(-1)).toMatchObject({ index: 3, count: 4, received: size('text.onnx'), total: size('text.onnx') });

    const check = await verifyModel(installedDir());
    expect(check.ok).toBe(true);
    expect(check.files.map((f) => [f.path, f.status])).toEqual([
      ['image.onnx', 'ok'],
      ['manifest.json', 'ok'],
      ['text.onnx', 'ok'],
      ['vocab.txt', 'ok'],
    ]);
    const installed = await new ModelStore(modelsDir).listInstalled();
    expect(installed).toEqual([{ id: 'test-clip', variant: 'fp32', dir: installedDir(), manifest }]);
  });

  it('leaves an intact install alone', async () => {
    await fetchModel('test-clip', options);
    const asked = hub.requests.length;
    const again = await fetchModel('test-clip', options);
    expect(again).toMatchObject({ alreadyInstalled: true, downloaded: [] });
    expect(hub.requests.length).toBe(asked);
  });

  it('resumes an interrupted fetch: finished files are kept, the cut-off one continues from its .part', async () => {
    hub.failNext(cdnUrl('text.onnx'), { kind: 'cut' });
    const once = { ...options, source: 'huggingface' as const, retry: { attempts: 1, retryDelayMs: 5 } };
    await expect(fetchModel('test-clip', once)).rejects.toMatchObject({ code: 'MODEL_DOWNLOAD_FAILED' });
    const partial = path.join(installedDir(), '.partial');
    expect(fs.readdirSync(partial).sort()).toEqual(['image.onnx', 'manifest.json', 'text.onnx.part', 'vocab.txt']);
    expect(await new ModelStore(modelsDir).installedPath('test-clip', 'fp32')).toBeUndefined();

    const result = await fetchModel('test-clip', once);
    expect(result.downloaded).toEqual(['text.onnx']);
    expect(hub.requestsFor(cdnUrl('text.onnx')).at(-1)).toMatchObject({ status: 206, range: expect.stringMatching(/^bytes=[1-9]\d*-$/) });
    expect((await verifyModel(result.dir)).ok).toBe(true);
  });

  it('falls back to ModelScope when Hugging Face lacks a file', async () => {
    hub.failNext(hubUrl('huggingface', 'image.onnx'), { kind: 'status', status: 404 });
    const result = await fetchModel('test-clip', options);
    expect(result.downloaded).toEqual(['manifest.json', 'vocab.txt', 'image.onnx', 'text.onnx']);
    expect(hub.requestsFor(hubUrl('modelscope', 'image.onnx')).map((r) => r.status)).toEqual([200]);
    expect(hub.requestsFor(hubUrl('modelscope', 'manifest.json'))).toEqual([]);
    expect(JSON.parse(fs.readFileSync(path.join(result.dir, 'install.json'), 'utf8'))).toMatchObject({ source: 'modelscope test/clip@master' });
  });

  it('reports every hub it tried when none has the file', async () => {
    hub.failNext(hubUrl('huggingface', 'vocab.txt'), { kind: 'status', status: 404 });
    hub.failNext(hubUrl('modelscope', 'vocab.txt'), { kind: 'status', status: 404 });
    const err = await fetchModel('test-clip', options).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MODEL_NOT_FOUND' });
    expect((err as Error).message).toMatch(/huggingface: .*404.*; modelscope: .*404/);
  });

  it('refuses what it cannot download, and names what does not exist', async () => {
    await expect(fetchModel('import-only', options)).rejects.toMatchObject({ code: 'MODEL_NOT_DOWNLOADABLE', message: expect.stringContaining('import the folder') });
    await expect(fetchModel('test-clip', { ...options, endpoint: 'not a url' })).rejects.toMatchObject({ code: 'MODEL_ENDPOINT_INVALID' });
    expect(hub.requests).toEqual([]);
    await expect(fetchModel('no-such-model', options)).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    await expect(fetchModel('test-clip', { ...options, variant: 'int8' })).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });
});

describe('verifyModel', () => {
  it('detects an installed file truncated or altered later, and a fetch repairs it', async () => {
    await fetchModel('test-clip', options);
    const image = path.join(installedDir(), 'image.onnx');
    fs.truncateSync(image, 1000);

    const check = await verifyModel(installedDir(), { checksums: false });
    expect(check.ok).toBe(false);
    expect(check.files.find((f) => f.path === 'image.onnx')).toEqual({
      path: 'image.onnx',
      status: 'wrong-size',
      expectedSize: size('image.onnx'),
      actualSize: 1000,
    });
    await expect(assertModelIntact(installedDir())).rejects.toMatchObject({ code: 'MODEL_CORRUPT', message: expect.stringContaining('image.onnx') });

    const repaired = await fetchModel('test-clip', options);
    expect(repaired.alreadyInstalled).toBe(false);
    expect((await verifyModel(installedDir())).ok).toBe(true);

    // Same size, different bytes: only the checksum notices.
    fs.writeFileSync(image, randomBytes(size('image.onnx')));
    expect((await verifyModel(installedDir(), { checksums: false })).ok).toBe(true);
    expect((await verifyModel(installedDir())).files.find((f) => f.path === 'image.onnx')?.status).toBe('wrong-checksum');
  });

  it('reports a folder whose install never finished', async () => {
    const check = await verifyModel(path.join(modelsDir, 'nothing-here'));
    expect(check.ok).toBe(false);
    expect(check.problems.join('\n')).toMatch(/manifest\.json cannot be read[\s\S]*install\.json is missing/);
  });
});

describe('importModelFolder', () => {
  it('installs a folder converted by hand, reading it only', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-export-'));
    for (const [name, body] of Object.entries(published)) fs.writeFileSync(path.join(folder, name), body);
    const result = await importModelFolder(folder, 'import-only', options);
    expect(result.dir).toBe(path.join(modelsDir, 'import-only', 'fp32'));
    expect((await verifyModel(result.dir)).ok).toBe(true);
    expect(fs.readdirSync(folder).sort()).toEqual(Object.keys(published).sort());
    fs.rmSync(folder, { recursive: true });
  });

  it('refuses to import from inside the folder it would empty', async () => {
    const target = path.join(modelsDir, 'import-only', 'fp32');
    fs.mkdirSync(target, { recursive: true });
    await expect(importModelFolder(target, 'import-only', options)).rejects.toMatchObject({ code: 'MODEL_IMPORT_INVALID' });
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClipEngine } from '../../../main/core/clip/clip-engine.js';
import { importModelDir } from '../../../main/core/clip/model-import.js';
import { openLibrary, type Library } from '../../../main/core/library/library.js';
import { setActiveModel } from '../../../main/core/models/active-model.js';
import { learnLabel, resetLabel } from '../../../main/core/tagging/label-adaptation.js';
import type { LabelDefinition } from '../../../main/core/tagging/label-set.js';
import { saveLabelSet } from '../../../main/core/tagging/label-set-store.js';
import { tagPhotos } from '../../../main/core/tagging/retag-library.js';
import { generateColourClipModels } from '../../fixtures/colour-clip/generate-colour-clip.js';
import { NO_VOCAB_REASON, referenceVocabFile } from '../../fixtures/reference-vocab.js';
import { runCli } from '../../helpers/cli.js';

const vocab = referenceVocabFile();
if (!vocab) console.warn(`skipping colour tagging end to end: ${NO_VOCAB_REASON}`);

/** The id in the generated Xuntu-layout manifest (write-xuntu-layout.ts). */
const MODEL_ID = 'colour-clip-test';
type Rgb = [number, number, number];
const PHOTOS: Record<string, { label: string; rgb: Rgb; count: number }> = {
  red: { label: '红', rgb: [205, 35, 30], count: 4 },
  green: { label: '绿', rgb: [30, 170, 45], count: 2 },
  blue: { label: '蓝', rgb: [25, 45, 205], count: 2 },
  yellow: { label: '黄', rgb: [230, 215, 30], count: 4 },
  black: { label: '黑', rgb: [12, 12, 12], count: 2 },
  white: { label: '白', rgb: [243, 243, 243], count: 2 },
};
const label = (name: string, more: Partial<LabelDefinition> = {}): LabelDefinition => ({ name, phrasings: [], exclusions: [], threshold: null, ...more });

let work: string;
let lib: string;
let library: Library;
/** Photo id → its colour's name. */
const colourOf = new Map<number, string>();
const photosOf = (colour: string) => [...colourOf].filter(([, c]) => c === colour).map(([id]) => id);

interface TagRow {
  photoId: number;
  label: string;
  source: string;
  score: number | null;
  modelId: string | null;
}

function tagsOfSet(setName: string): TagRow[] {
  return library.db
    .prepare(
      `SELECT t.photo_id AS photoId, l.name AS label, t.source, t.score, t.model_id AS modelId
       FROM photo_tags t JOIN labels l ON l.id = t.label_id JOIN label_sets s ON s.id = l.set_id WHERE s.name = ? ORDER BY t.photo_id, l.position`,
    )
    .all(setName) as TagRow[];
}

/** Auto and confirmed labels per photo, as a user would see them. */
function shownLabels(setName: string): Map<number, string[]> {
  const shown = new Map<number, string[]>([...colourOf.keys()].map((id) => [id, []]));
  for (const t of tagsOfSet(setName)) if (t.source !== 'rejected') shown.get(t.photoId)!.push(t.label);
  return shown;
}

function decide(photoId: number, labelId: number, source: 'confirmed' | 'rejected'): void {
  library.db
    .prepare(
      `INSERT INTO photo_tags (photo_id, label_id, source, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (photo_id, label_id) DO UPDATE SET source = excluded.source, updated_at = excluded.updated_at`,
    )
    .run(photoId, labelId, source, Date.now());
}

const labelId = (setName: string, name: string) =>
  library.db.prepare('SELECT l.id FROM labels l JOIN label_sets s ON s.id = l.set_id WHERE s.name = ? AND l.name = ?').pluck().get(setName, name) as number;

async function tagCli(...args: string[]) {
  const r = await runCli(['--library', lib, 'tag', '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { model: string; photos: number; labels: number; added: number; updated: number; removed: number };
}

describe.skipIf(!vocab)('tagging with the generated colour CLIP, end to end', () => {
  let ofaSource: string;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-tagging-'));
    const models = await generateColourClipModels(path.join(work, 'generated'), { vocabFile: vocab });
    ofaSource = path.dirname(models.ofa.imgFp32);
    const installed = path.join(work, 'models', 'colour');
    await importModelDir(path.dirname(models.xuntu.manifest), installed, { vocabFile: vocab });
    lib = path.join(work, 'library');
    library = openLibrary(lib);
    await setActiveModel(library.db, installed);

    const photos = path.join(work, 'photos');
    fs.mkdirSync(photos);
    for (const [colour, { rgb, count }] of Object.entries(PHOTOS)) {
      for (let i = 0; i < count; i++) {
        // Sizes differ so no two photos are the same file.
        const background = { r: rgb[0], g: rgb[1], b: rgb[2] };
        await sharp({ create: { width: 64 + i, height: 48, channels: 3, background } }).jpeg({ quality: 95 }).toFile(path.join(photos, `${colour}-${i}.jpg`));
      }
    }
    const indexed = await runCli(['--library', lib, 'index', photos, '--json']);
    expect(indexed.code, indexed.stdout).toBe(0);
    const rows = library.db.prepare('SELECT id, path FROM photos').all() as { id: number; path: string }[];
    for (const { id, path: file } of rows) colourOf.set(id, path.basename(file).split('-')[0]!);

    saveLabelSet(library.db, { name: '颜色', description: null, exclusive: false, labels: ['红', '绿', '蓝', '黄', '黑', '白'].map((n) => label(n)) });
  }, 120_000);

  afterAll(() => {
    library?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('tags every photo with its colour, with its score', async () => {
    const summary = await tagCli('--set', '颜色');
    expect(summary).toMatchObject({ photos: colourOf.size, labels: 6, added: colourOf.size, updated: 0, removed: 0 });
    for (const [id, labels] of shownLabels('颜色')) expect(labels, `photo ${id} (${colourOf.get(id)})`).toEqual([PHOTOS[colourOf.get(id)!]!.label]);
    for (const t of tagsOfSet('颜色')) {
      expect(t).toMatchObject({ source: 'auto', modelId: MODEL_ID });
      expect(t.score).toBeGreaterThan(0.3);
      expect(t.score).toBeLessThanOrEqual(1);
    }
  });

  it('tags nothing again until asked to re-tag', async () => {
    expect(await tagCli('--set', '颜色')).toMatchObject({ photos: 0, added: 0, updated: 0, removed: 0 });
    expect(await tagCli('--set', '颜色', '--retag')).toMatchObject({ photos: colourOf.size, added: 0, updated: 0, removed: 0 });
    const text = await runCli(['--library', lib, '--lang', 'en', 'tag', '--set', '颜色']);
    expect(text.stdout).toMatch(/^Tagged 0 photos against 6 labels: 0 added, 0 updated, 0 removed/);
    const unknown = await runCli(['--library', lib, 'tag', '--set', '没有这个']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('没有这个');
  });

  it('puts exactly one label of an exclusive set on each photo, with its probability', async () => {
    saveLabelSet(library.db, { name: '明暗', description: null, exclusive: true, labels: [label('黑'), label('白')] });
    await tagCli('--set', '明暗');
    const tags = tagsOfSet('明暗');
    expect(tags.map((t) => t.photoId).sort()).toEqual([...colourOf.keys()].sort());
    const byPhoto = new Map(tags.map((t) => [t.photoId, t]));
    for (const id of photosOf('black')) expect(byPhoto.get(id)).toMatchObject({ label: '黑' });
    for (const id of photosOf('white')) expect(byPhoto.get(id)).toMatchObject({ label: '白' });
    for (const t of tags) {
      expect(t.score).toBeGreaterThanOrEqual(0.5);
      expect(t.score).toBeLessThanOrEqual(1);
    }
    expect(byPhoto.get(photosOf('black')[0]!)!.score).toBeGreaterThan(0.99);
  });

  it('learns from confirmations and rejections, visibly at the next re-tag, and forgets on reset', async () => {
    // 「暖色」 says red or yellow; this user means red and says so on two photos of each.
    saveLabelSet(library.db, { name: '色调', description: null, exclusive: false, labels: [label('暖色', { phrasings: ['红', '黄'] })] });
    await tagCli('--set', '色调');
    const warm = () => [...shownLabels('色调')].filter(([, labels]) => labels.includes('暖色')).map(([id]) => colourOf.get(id)).sort();
    expect(warm()).toEqual([...Array(4).fill('red'), ...Array(4).fill('yellow')]);

    const id = labelId('色调', '暖色');
    const [red1, red2, red3, red4] = photosOf('red');
    const [yellow1, yellow2, yellow3, yellow4] = photosOf('yellow');
    decide(red1!, id, 'confirmed');
    decide(red2!, id, 'confirmed');
    decide(yellow1!, id, 'rejected');
    decide(yellow2!, id, 'rejected');
    const learned = await learnLabel(library.db, id, MODEL_ID);
    expect(learned).toMatchObject({ confirmed: 2, rejected: 2 });
    expect(learned.weight).toBeGreaterThan(0);

    const summary = await tagCli('--set', '色调', '--retag');
    expect(summary.removed).toBe(2);
    const auto = tagsOfSet('色调').filter((t) => t.source === 'auto');
    expect(auto.map((t) => t.photoId).sort()).toEqual([red3, red4].sort());
    expect(tagsOfSet('色调').filter((t) => t.photoId === yellow3 || t.photoId === yellow4)).toEqual([]);
    expect(warm()).toEqual(Array(4).fill('red'));

    const reset = await runCli(['--library', lib, '--lang', 'en', 'labels', 'reset', '色调/暖色']);
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toContain('色调/暖色 is back to its words alone');
    expect(resetLabel(library.db, id)).toBe(0);
    await tagCli('--set', '色调', '--retag');
    expect(warm()).toEqual([...Array(4).fill('red'), 'yellow', 'yellow']);
  });

  it('embeds each prompt with the text tower once: a second re-tag never runs it', async () => {
    const engine = await ClipEngine.load({ modelDir: path.join(work, 'models', 'colour'), towers: ['text'] });
    const encoded: string[] = [];
    const encodeTexts = (texts: string[]) => {
      encoded.push(...texts);
      return engine.embedTexts(texts);
    };
    try {
      saveLabelSet(library.db, { name: '新颜色', description: null, exclusive: false, labels: [label('赤', { phrasings: ['红'] }), label('青', { phrasings: ['蓝', '绿'] })] });
      const setIds = [library.db.prepare("SELECT id FROM label_sets WHERE name = '新颜色'").pluck().get() as number];
      await tagPhotos(library.db, { modelId: MODEL_ID, encodeTexts, setIds });
      // 红 蓝 绿 were embedded for earlier sets; only 赤 and 青 are new.
      expect(encoded.length).toBeGreaterThan(0);
      expect(encoded.every((t) => t.includes('赤') || t.includes('青'))).toBe(true);
      encoded.length = 0;
      const again = await tagPhotos(library.db, { modelId: MODEL_ID, encodeTexts, setIds });
      expect(encoded).toEqual([]);
      expect(again.photos).toBe(colourOf.size);
    } finally {
      await engine.close();
    }
  });

  it('keeps confirmed and rejected tags through --retag and a change of model', async () => {
    const red = labelId('颜色', '红');
    const green = labelId('颜色', '绿');
    const [red1, red2] = photosOf('red');
    decide(red1!, red, 'confirmed');
    decide(red2!, red, 'rejected');
    // The user sees green in a red photo: a decision no score supports.
    decide(red1!, green, 'confirmed');
    const decisions = () => tagsOfSet('颜色').filter((t) => t.source !== 'auto').map(({ photoId, label, source }) => ({ photoId, label, source }));
    const before = decisions();
    expect(before).toHaveLength(3);

    await tagCli('--set', '颜色', '--retag');
    expect(decisions()).toEqual(before);

    const installed = path.join(work, 'models', 'colour-ofa');
    await importModelDir(ofaSource, installed, { vocabFile: vocab, id: 'colour-ofa' });
    await setActiveModel(library.db, installed);
    const indexed = await runCli(['--library', lib, 'index', '--json']);
    expect(indexed.code, indexed.stderr).toBe(0);
    const summary = await tagCli('--set', '颜色', '--retag');
    expect(summary.model).toBe('colour-ofa');
    expect(decisions()).toEqual(before);
    const auto = tagsOfSet('颜色').filter((t) => t.source === 'auto');
    expect(auto.length).toBe(colourOf.size - 2);
    expect(auto.every((t) => t.modelId === 'colour-ofa')).toBe(true);
  });
});

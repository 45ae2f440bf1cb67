import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { importModelDir } from '../../../main/core/clip/model-import.js';
import { openLibrary } from '../../../main/core/library/library.js';
import { searchModel, setActiveModel } from '../../../main/core/models/active-model.js';
import { generateColourClipModels } from '../../fixtures/colour-clip/generate-colour-clip.js';
import { NO_VOCAB_REASON, referenceVocabFile } from '../../fixtures/reference-vocab.js';
import { runCli } from '../../helpers/cli.js';
import { hasRealPhotos, writeRealPhotos } from '../../helpers/photo-corpus.js';

const vocab = referenceVocabFile();
if (!vocab) console.warn(`skipping colour search end to end: ${NO_VOCAB_REASON}`);

type Rgb = [number, number, number];
const COLOURS: Record<string, Rgb> = { red: [210, 30, 25], green: [30, 170, 40], blue: [25, 40, 200], yellow: [230, 210, 30] };

let lib: string;
let work: string;
let ofaSource: string;
const byColour = new Map<string, string[]>();

async function writeColourPhoto(file: string, rgb: Rgb, seed: number, takenAt?: string): Promise<void> {
  const { width, height } = { width: 320, height: 240 };
  const pixels = Buffer.alloc(width * height * 3);
  let x = seed * 2654435761;
  for (let i = 0; i < pixels.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    pixels[i] = Math.max(0, Math.min(255, rgb[i % 3]! + ((x >>> 16) % 41) - 20));
  }
  let image = sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 });
  if (takenAt) image = image.withExif({ IFD2: { DateTimeOriginal: takenAt, OffsetTimeOriginal: '+08:00' } });
  await image.toFile(file);
}

const search = async (...args: string[]) => {
  const r = await runCli(['--library', lib, 'search', ...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return { hits: JSON.parse(r.stdout) as { id: number; path: string; score: number | null }[], stderr: r.stderr };
};

describe.skipIf(!vocab)('searching 「红色」 with the generated colour CLIP, end to end', () => {
  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-colour-'));
    const models = await generateColourClipModels(path.join(work, 'generated'), { vocabFile: vocab });
    ofaSource = path.dirname(models.ofa.imgFp32);
    const installed = path.join(work, 'models', 'colour');
    await importModelDir(path.dirname(models.xuntu.manifest), installed, { vocabFile: vocab });
    lib = path.join(work, 'library');
    const library = openLibrary(lib);
    await setActiveModel(library.db, installed);
    library.close();

    const photos = path.join(work, 'photos');
    fs.mkdirSync(photos);
    let seed = 1;
    for (const [name, rgb] of Object.entries(COLOURS)) {
      const files: string[] = [];
      for (let i = 0; i < 4; i++) {
        const file = path.join(photos, `${name}-${i}.jpg`);
        // Two red photos were taken in the summer of 2024; the rest carry no date.
        await writeColourPhoto(file, rgb, seed++, name === 'red' && i < 2 ? `2024:07:0${i + 1} 18:00:00` : undefined);
        files.push(file);
      }
      byColour.set(name, files);
    }
    if (hasRealPhotos()) await writeRealPhotos(path.join(photos, 'real'), { count: 2 });
    fs.copyFileSync(byColour.get('blue')![0]!, path.join(photos, 'blue-copy.jpg'));

    const indexed = await runCli(['--library', lib, 'index', photos, '--json']);
    expect(indexed.code, indexed.stderr).toBe(0);
    const summary = JSON.parse(indexed.stdout) as { added: number; embedded: number };
    expect(summary.embedded).toBe(summary.added);
  }, 120_000);

  it('puts the red photos first', async () => {
    const { hits } = await search('红色');
    expect(hits.length).toBeGreaterThanOrEqual(4);
    expect(new Set(hits.slice(0, 4).map((h) => h.path))).toEqual(new Set(byColour.get('red')));
    expect(hits[0]!.score).toBeGreaterThan(hits.at(-1)!.score! - 1e-9);
  });

  it('ends the results where relevance ends, per query', async () => {
    for (const [query, name] of [['绿色的', 'green'], ['蓝色', 'blue']] as const) {
      const { hits } = await search(query);
      const found = new Set(hits.map((h) => h.path));
      expect(byColour.get(name)!.every((p) => found.has(p)), query).toBe(true);
      // Nothing of another colour gets in (the bluish real wallpapers may, for 蓝色).
      const others = [...byColour].filter(([c]) => c !== name).flatMap(([, files]) => files);
      expect(others.filter((p) => found.has(p)), query).toEqual([]);
    }
  });

  it('turns a time expression into a date filter and shows it', async () => {
    const { hits, stderr } = await search('2024年夏天 红色');
    expect(hits.map((h) => path.basename(h.path)).sort()).toEqual(['red-0.jpg', 'red-1.jpg']);
    expect(stderr).toContain('2024年夏天');
  });

  it('finds similar photos from a photo (以图搜图) and near-duplicates', async () => {
    const similar = await runCli(['--library', lib, 'similar', byColour.get('yellow')![0]!, '--json']);
    const hits = JSON.parse(similar.stdout) as { path: string }[];
    expect(hits.slice(0, 3).every((h) => path.basename(h.path).startsWith('yellow'))).toBe(true);
    expect(hits.some((h) => h.path === byColour.get('yellow')![0])).toBe(false);

    const dups = JSON.parse((await runCli(['--library', lib, 'duplicates', '--json'])).stdout) as { photos: { path: string }[] }[];
    const withCopy = dups.find((g) => g.photos.some((p) => p.path.endsWith('blue-copy.jpg')));
    expect(withCopy?.photos.map((p) => p.path)).toContain(byColour.get('blue')![0]);
  });

  it('keeps searching with the old model until a new one has embedded every photo', async () => {
    const installed = path.join(work, 'models', 'colour-ofa');
    const manifest = await importModelDir(ofaSource, installed, { vocabFile: vocab, id: 'colour-ofa' });
    const library = openLibrary(lib);
    const before = (await searchModel(library.db))!.manifest.id;
    await setActiveModel(library.db, installed);
    expect((await searchModel(library.db))!.manifest.id).toBe(before);
    library.close();

    // Re-indexing embeds every unchanged photo with the new model (no thumbnail work), then search switches.
    const r = await runCli(['--library', lib, 'index', '--json']);
    const summary = JSON.parse(r.stdout) as { added: number; unchanged: number; embedded: number };
    expect(summary).toMatchObject({ added: 0, embedded: summary.unchanged });
    const after = openLibrary(lib);
    expect((await searchModel(after.db))!.manifest.id).toBe(manifest.id);
    after.close();
    const { hits } = await search('红色');
    expect(new Set(hits.slice(0, 4).map((h) => h.path))).toEqual(new Set(byColour.get('red')));
  });
});

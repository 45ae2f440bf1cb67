import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { importModelDir } from '../../main/core/clip/model-import.js';
import { openLibrary } from '../../main/core/library/library.js';
import { PhotoStore } from '../../main/core/library/photo-store.js';
import { thumbnailPath } from '../../main/core/media/thumbnail-cache.js';
import { GRID_SHORT_SIDE } from '../../main/core/media/thumbnail-sizes.js';
import { setActiveModel } from '../../main/core/models/active-model.js';
import { COLOURS, colourSpace, EMBEDDING_DIM } from '../fixtures/colour-clip/colour-space.js';
import { generateColourClipModels } from '../fixtures/colour-clip/generate-colour-clip.js';
import { referenceVocabFile } from '../fixtures/reference-vocab.js';
import { synthPixels } from '../helpers/corpus/synth-pixels.js';
import type { LibraryDirs } from '../e2e/app-under-test.js';
import { nearCopy, rng } from '../unit/search/vectors/synthetic-vectors.js';

/**
 * Distinct pictures behind the generated library: enough that neighbouring tiles and successive screens show
 * different images (so the grid decodes as it would), few enough to generate in seconds.
 */
const DISTINCT = 240;
const YEARS = 10;

/**
 * A library as ten years of indexing would leave it, written straight into SQLite: `count` photos with capture
 * times spread over the last ten years, the generated colour model imported and active (so search runs the real
 * text tower and scans `count` vectors). Every photo has its own content hash, grid thumbnail and vector, as
 * distinct photos do: each thumbnail is a hard link to one of DISTINCT real WebP pictures (a noisy colour), and
 * each vector leans towards that colour's direction by a random amount, mostly a little and sometimes a lot, so a
 * colour query finds a head of clear matches above a continuous background rather than ties.
 */
export async function seedUiLibrary(dirs: LibraryDirs, count: number): Promise<void> {
  const work = path.dirname(dirs.libraryDir);
  const models = await generateColourClipModels(path.join(work, 'generated'));
  const installed = path.join(dirs.modelsDir, 'colour');
  const manifest = await importModelDir(path.dirname(models.xuntu.manifest), installed, { vocabFile: referenceVocabFile() });
  const pictures = await writePictures(path.join(work, 'pictures'));
  const { colours } = colourSpace();

  const library = openLibrary(dirs.libraryDir);
  try {
    await setActiveModel(library.db, installed);
    const store = new PhotoStore(library.db);
    const random = rng(7);
    const end = Date.UTC(2025, 11, 31);
    const span = YEARS * 365.25 * 86_400_000;
    store.transaction(() => {
      const rootId = store.addRoot('/photos');
      for (let i = 0; i < count; i++) {
        const picture = pictures[i % DISTINCT]!;
        const hash = createHash('sha256').update(String(i)).digest('hex').slice(0, 32);
        const thumbnail = thumbnailPath(library.cacheDir, hash, 'grid');
        fs.mkdirSync(path.dirname(thumbnail), { recursive: true });
        fs.linkSync(picture.file, thumbnail);
        const taken = new Date(end - random() * span);
        const folder = `/photos/${taken.getUTCFullYear()}`;
        const file = `${folder}/IMG_${String(i).padStart(6, '0')}.jpg`;
        const id = store.insertPhoto({
          rootId, path: file, size: 3_000_000, mtimeMs: taken.getTime(), contentHash: hash, format: 'jpeg',
          width: 4000, height: 3000, orientation: 1, takenLocal: taken.toISOString().slice(0, 19), takenOffsetMin: 480,
          takenUtcMs: taken.getTime() - 480 * 60_000, takenSource: 'exif', cameraMake: 'FUJIFILM', cameraModel: 'X-T30',
          lens: null, gpsLat: null, gpsLon: null, gpsAlt: null,
        });
        const direction = colours.subarray(picture.colour * EMBEDDING_DIM, (picture.colour + 1) * EMBEDDING_DIM);
        store.putEmbedding(id, manifest.id, hash, nearCopy(direction, 0.05 + 0.8 * random() ** 6, random), file);
      }
      library.db.prepare('UPDATE photos SET preview_ready = 1').run();
    });
  } finally {
    library.close();
  }
}

/** The distinct pictures as 256 px WebP files (a grid thumbnail's size), cycling through the colour model's six. */
async function writePictures(dir: string): Promise<{ file: string; colour: number }[]> {
  fs.mkdirSync(dir, { recursive: true });
  const pictures: { file: string; colour: number }[] = [];
  for (let k = 0; k < DISTINCT; k++) {
    const colour = k % COLOURS.length;
    const rgb = COLOURS[colour]!.rgb.map((c) => Math.round(c * 255)) as [number, number, number];
    const pixels = synthPixels(GRID_SHORT_SIDE, GRID_SHORT_SIDE, { from: rgb, to: rgb.map((c) => 255 - c) as [number, number, number], noise: 40, seed: k + 1 });
    const file = path.join(dir, `${k}.webp`);
    await sharp(pixels, { raw: { width: GRID_SHORT_SIDE, height: GRID_SHORT_SIDE, channels: 3 } }).webp({ quality: 80 }).toFile(file);
    pictures.push({ file, colour });
  }
  return pictures;
}

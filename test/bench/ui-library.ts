import path from 'node:path';
import sharp from 'sharp';
import { importModelDir } from '../../main/core/clip/model-import.js';
import { openLibrary } from '../../main/core/library/library.js';
import { PhotoStore } from '../../main/core/library/photo-store.js';
import { writeThumbnail } from '../../main/core/media/thumbnail-cache.js';
import { GRID_SHORT_SIDE } from '../../main/core/media/thumbnail-sizes.js';
import { setActiveModel } from '../../main/core/models/active-model.js';
import { COLOURS, colourSpace, EMBEDDING_DIM } from '../fixtures/colour-clip/colour-space.js';
import { generateColourClipModels } from '../fixtures/colour-clip/generate-colour-clip.js';
import { referenceVocabFile } from '../fixtures/reference-vocab.js';
import { synthPixels } from '../helpers/corpus/synth-pixels.js';
import type { LibraryDirs } from '../e2e/app-under-test.js';
import { rng } from '../unit/search/vectors/synthetic-vectors.js';

/**
 * Distinct pictures behind the generated library: enough that neighbouring tiles and successive screens show
 * different images (so the grid decodes as it would), few enough to generate in seconds.
 */
const DISTINCT = 240;
const YEARS = 10;

/**
 * A library as ten years of indexing would leave it, written straight into SQLite: `count` photos with capture
 * times spread over the last ten years, each a copy (by content hash) of one of DISTINCT pictures that have real
 * WebP grid thumbnails and colour-CLIP vectors, with the generated colour model imported and active, so search
 * runs the real text tower and scans `count` vectors.
 */
export async function seedUiLibrary(dirs: LibraryDirs, count: number): Promise<void> {
  const models = await generateColourClipModels(path.join(path.dirname(dirs.libraryDir), 'generated'));
  const installed = path.join(dirs.modelsDir, 'colour');
  const manifest = await importModelDir(path.dirname(models.xuntu.manifest), installed, { vocabFile: referenceVocabFile() });

  const library = openLibrary(dirs.libraryDir);
  try {
    await setActiveModel(library.db, installed);
    const pictures = await writePictures(library.cacheDir);
    const store = new PhotoStore(library.db);
    const random = rng(7);
    const end = Date.UTC(2025, 11, 31);
    const span = YEARS * 365.25 * 86_400_000;
    store.transaction(() => {
      const rootId = store.addRoot('/photos');
      for (let i = 0; i < count; i++) {
        const picture = pictures[i % DISTINCT]!;
        const taken = new Date(end - random() * span);
        const folder = `/photos/${taken.getUTCFullYear()}`;
        const file = `${folder}/IMG_${String(i).padStart(6, '0')}.jpg`;
        const id = store.insertPhoto({
          rootId, path: file, size: 3_000_000, mtimeMs: taken.getTime(), contentHash: picture.hash, format: 'jpeg',
          width: 4000, height: 3000, orientation: 1, takenLocal: taken.toISOString().slice(0, 19), takenOffsetMin: 480,
          takenUtcMs: taken.getTime() - 480 * 60_000, takenSource: 'exif', cameraMake: 'FUJIFILM', cameraModel: 'X-T30',
          lens: null, gpsLat: null, gpsLon: null, gpsAlt: null,
        });
        store.putEmbedding(id, manifest.id, picture.hash, picture.vector, file);
      }
      library.db.prepare('UPDATE photos SET preview_ready = 1').run();
    });
  } finally {
    library.close();
  }
}

/** The distinct pictures: a noisy colour each (cycling through the colour model's six), its thumbnail and vector. */
async function writePictures(cacheDir: string): Promise<{ hash: string; vector: Float32Array }[]> {
  const { colours } = colourSpace();
  const pictures: { hash: string; vector: Float32Array }[] = [];
  for (let k = 0; k < DISTINCT; k++) {
    const colour = k % COLOURS.length;
    const rgb = COLOURS[colour]!.rgb.map((c) => Math.round(c * 255)) as [number, number, number];
    const pixels = synthPixels(GRID_SHORT_SIDE, GRID_SHORT_SIDE, { from: rgb, to: rgb.map((c) => 255 - c) as [number, number, number], noise: 40, seed: k + 1 });
    const webp = await sharp(pixels, { raw: { width: GRID_SHORT_SIDE, height: GRID_SHORT_SIDE, channels: 3 } }).webp({ quality: 80 }).toBuffer();
    const hash = k.toString(16).padStart(16, '0');
    await writeThumbnail(cacheDir, hash, 'grid', webp);
    // The colour tower's output for a picture mostly of one colour: that colour's direction, a little of the next.
    const vector = colours.slice(colour * EMBEDDING_DIM, (colour + 1) * EMBEDDING_DIM);
    const next = ((colour + 1) % COLOURS.length) * EMBEDDING_DIM;
    const mix = (k % 7) / 20;
    pictures.push({ hash, vector: vector.map((x, i) => x + mix * colours[next + i]!) });
  }
  return pictures;
}

import path from 'node:path';
import { hasRealPhotos, writeLargeJpegs, writeManyTinyPhotos } from '../helpers/photo-corpus.js';
import type { BenchSuite } from './bench-suite.js';
import { canMeasureMemory, runIndex } from './run-cli.js';
import { withTempDir } from './temp-dir.js';

const PHOTOS = 10_000;
const LARGE = 200;
/** Distinct large images synthesized (about a second each); the rest are byte-distinct copies that decode the same. */
const LARGE_DISTINCT = 6;

/**
 * Peak memory of a first index of 10,000 photos, a couple of hundred of them camera-sized: memory must stay flat
 * with library size, whatever mix of files comes through the decode queue.
 */
export const indexMemoryBench: BenchSuite = {
  name: 'index-memory',
  needsBuild: true,
  run: () =>
    withTempDir('index-memory', async (dir) => {
      if (!canMeasureMemory()) throw new Error('needs GNU time at /usr/bin/time (Debian package "time")');
      if (!hasRealPhotos()) throw new Error('needs the real photos in /usr/share/backgrounds (Debian package desktop-base)');
      const photos = path.join(dir, 'photos');
      await writeLargeJpegs(path.join(photos, 'camera'), { count: LARGE, distinct: LARGE_DISTINCT, megapixels: [12, 24] });
      await writeManyTinyPhotos(path.join(photos, 'small'), PHOTOS - LARGE);

      const run = await runIndex(path.join(dir, 'library'), photos, { measureMemory: true });
      if (run.json.added !== PHOTOS) throw new Error(`index added ${run.json.added} of ${PHOTOS}: ${JSON.stringify(run.json.errors.slice(0, 3))}`);
      return [
        { name: `peak RSS indexing ${PHOTOS} photos (${LARGE} of 12–24 MP)`, value: run.peakRssMb!, unit: 'MB', target: { op: '<=', value: 600 } },
        { name: 'that index (wall)', value: run.wallMs / 1000, unit: 's' },
        { name: 'that index, throughput', value: PHOTOS / (run.wallMs / 1000), unit: 'photos/s' },
      ];
    }),
};

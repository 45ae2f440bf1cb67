import path from 'node:path';
import { writeManyTinyPhotos } from '../helpers/photo-corpus.js';
import type { BenchSuite, Figure } from './bench-suite.js';
import { runIndex, type IndexRun } from './run-cli.js';
import { withTempDir } from './temp-dir.js';

const PHOTOS = 10_000;
const RESCANS = 3;

/** Re-indexing an unchanged library must be near-instant: it is what every app start and folder watch does. */
export const rescanBench: BenchSuite = {
  name: 'rescan',
  needsBuild: true,
  run: () =>
    withTempDir('rescan', async (dir) => {
      const photos = path.join(dir, 'photos');
      const library = path.join(dir, 'library');
      await writeManyTinyPhotos(photos, PHOTOS);

      const first = await runIndex(library, photos);
      if (first.json.added !== PHOTOS) throw new Error(`first index added ${first.json.added} of ${PHOTOS}: ${JSON.stringify(first.json.errors.slice(0, 3))}`);

      const rescans: IndexRun[] = [];
      for (let i = 0; i < RESCANS; i++) {
        const run = await runIndex(library, photos);
        if (run.json.unchanged !== PHOTOS) throw new Error(`re-scan found ${run.json.unchanged} of ${PHOTOS} unchanged`);
        rescans.push(run);
      }
      // The median: the first re-scan may still warm caches, a later one may hit a noisy neighbour.
      const median = rescans.sort((a, b) => a.wallMs - b.wallMs)[RESCANS >> 1]!;

      const figures: Figure[] = [
        { name: `first index of ${PHOTOS} tiny photos (wall)`, value: first.wallMs / 1000, unit: 's' },
        { name: `re-scan of ${PHOTOS} unchanged photos (wall, median of ${RESCANS})`, value: median.wallMs / 1000, unit: 's', target: { op: '<=', value: 1 } },
      ];
      if (median.json.durationMs !== undefined) figures.push({ name: 're-scan, in-process total', value: median.json.durationMs / 1000, unit: 's' });
      if (median.json.scanMs !== undefined) figures.push({ name: 're-scan, scan phase', value: median.json.scanMs / 1000, unit: 's' });
      return figures;
    }),
};

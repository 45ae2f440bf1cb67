import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../main/core/db/open-database.js';
import { learnLabel, resetLabel } from '../../../main/core/tagging/label-adaptation.js';
import { saveLabelSet } from '../../../main/core/tagging/label-set-store.js';
import { tagPhotos } from '../../../main/core/tagging/retag-library.js';
import { seedVectorLibrary } from '../../helpers/vector-library.js';
import { axis, DIM, fakeTextTower } from './fake-text-tower.js';

/** Photos 1–4 are plainly aa; 5 and 6 are faintly aa (cosine 0.24); 7 and 8 somewhat (0.45). Twins share a vector. */
const VECTORS: Record<number, Float32Array> = {
  1: axis(['aa', 1]),
  2: axis(['aa', 1], ['cc', 0.1]),
  3: axis(['aa', 1], ['dd', 0.1]),
  4: axis(['aa', 1], ['ee', 0.1]),
  5: axis(['aa', 0.25], ['ff', 1]),
  6: axis(['aa', 0.25], ['ff', 1]),
  7: axis(['aa', 0.5], ['bb', 1]),
  8: axis(['aa', 0.5], ['bb', 1]),
};

function library(): { db: Db; labelId: number; tagged: () => Promise<number[]>; decide: (photo: number, source: string) => void } {
  const db = openDatabase(':memory:');
  seedVectorLibrary(db, { modelId: 'm', dim: DIM, count: 8, vectorOf: (id) => VECTORS[id]! });
  const { set } = saveLabelSet(db, { name: 's', description: null, exclusive: false, labels: [{ name: 'aa', phrasings: [], exclusions: [], threshold: null }] });
  const labelId = set.labels[0]!.id;
  const tagged = async () => {
    await tagPhotos(db, { modelId: 'm', encodeTexts: fakeTextTower().encode });
    return db.prepare("SELECT photo_id FROM photo_tags WHERE label_id = ? AND source != 'rejected' ORDER BY photo_id").pluck().all(labelId) as number[];
  };
  const decide = (photo: number, source: string) =>
    db
      .prepare('INSERT INTO photo_tags (photo_id, label_id, source, updated_at) VALUES (?, ?, ?, 0) ON CONFLICT (photo_id, label_id) DO UPDATE SET source = excluded.source')
      .run(photo, labelId, source);
  return { db, labelId, tagged, decide };
}

describe('learnLabel', () => {
  it('raises the threshold above what the user rejected, keeping the text prototype', async () => {
    const { db, labelId, tagged, decide } = library();
    expect(await tagged()).toEqual([1, 2, 3, 4, 7, 8]);
    decide(7, 'rejected');
    const learned = await learnLabel(db, labelId, 'm');
    expect(learned).toMatchObject({ confirmed: 0, rejected: 1, weight: 0 });
    expect(learned.threshold).toBeGreaterThan(Math.sqrt(0.2));
    expect(await tagged()).toEqual([1, 2, 3, 4]);
  });

  it('moves towards what the user confirmed, so its twins get the label too', async () => {
    const { db, labelId, tagged, decide } = library();
    await tagged();
    decide(5, 'confirmed');
    const learned = await learnLabel(db, labelId, 'm');
    expect(learned).toMatchObject({ confirmed: 1, rejected: 0, weight: 0.25 });
    expect(await tagged()).toEqual(expect.arrayContaining([1, 2, 3, 4, 5, 6]));
  });

  it('goes back to zero-shot on reset, or when no correction is left', async () => {
    const { db, labelId, tagged, decide } = library();
    await tagged();
    decide(7, 'rejected');
    await learnLabel(db, labelId, 'm');
    expect(resetLabel(db, labelId, 'other')).toBe(0);
    expect(resetLabel(db, labelId, 'm')).toBe(1);
    expect(await tagged()).toEqual([1, 2, 3, 4, 8]);
    await learnLabel(db, labelId, 'm');
    db.prepare('DELETE FROM photo_tags WHERE photo_id = 7').run();
    expect(await learnLabel(db, labelId, 'm')).toMatchObject({ confirmed: 0, rejected: 0, threshold: null });
    expect(db.prepare('SELECT count(*) FROM label_adaptations').pluck().get()).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../main/core/db/open-database.js';
import { saveLabelSet } from '../../../main/core/tagging/label-set-store.js';
import { tagPhotos, photosNeedingTags } from '../../../main/core/tagging/retag-library.js';
import { seedVectorLibrary } from '../../helpers/vector-library.js';
import { axis, DIM, fakeTextTower } from './fake-text-tower.js';

/** Photos 1–2 show aa, 3–4 bb, 5 both, 6 neither. */
const VECTORS: Record<number, Float32Array> = {
  1: axis(['aa', 1]),
  2: axis(['aa', 1], ['ff', 0.2]),
  3: axis(['bb', 1]),
  4: axis(['bb', 1], ['ff', 0.2]),
  5: axis(['aa', 1], ['bb', 1]),
  6: axis(['ff', 1]),
};

function library(): Db {
  const db = openDatabase(':memory:');
  seedVectorLibrary(db, { modelId: 'm', dim: DIM, count: 6, vectorOf: (id) => VECTORS[id]! });
  const labels = ['aa', 'bb'].map((name) => ({ name, phrasings: [], exclusions: [], threshold: null }));
  saveLabelSet(db, { name: 's', description: null, exclusive: false, labels });
  return db;
}

const tag = (db: Db, more: { photoIds?: number[] } = {}) => tagPhotos(db, { modelId: 'm', encodeTexts: fakeTextTower().encode, ...more });

/** "photo:label:source" for every tag. */
function tags(db: Db): string[] {
  return (
    db
      .prepare('SELECT t.photo_id || \':\' || l.name || \':\' || t.source FROM photo_tags t JOIN labels l ON l.id = t.label_id ORDER BY t.photo_id, l.name')
      .pluck()
      .all() as string[]
  );
}

const labelId = (db: Db, name: string) => db.prepare('SELECT id FROM labels WHERE name = ?').pluck().get(name) as number;
const decide = (db: Db, photoId: number, name: string, source: string) =>
  db
    .prepare(
      `INSERT INTO photo_tags (photo_id, label_id, source, updated_at) VALUES (?, ?, ?, 0)
       ON CONFLICT (photo_id, label_id) DO UPDATE SET source = excluded.source`,
    )
    .run(photoId, labelId(db, name), source);

describe('tagPhotos', () => {
  it('writes an auto tag with score, model and set version for every label a photo passes', async () => {
    const db = library();
    expect(await tag(db)).toMatchObject({ photos: 6, labels: 2, added: 6, updated: 0, removed: 0 });
    expect(tags(db)).toEqual(['1:aa:auto', '2:aa:auto', '3:bb:auto', '4:bb:auto', '5:aa:auto', '5:bb:auto']);
    const row = db.prepare('SELECT score, model_id AS modelId, set_version AS version FROM photo_tags WHERE photo_id = 5 AND label_id = ?').get(labelId(db, 'aa'));
    expect(row).toMatchObject({ modelId: 'm', version: 1 });
    expect((row as { score: number }).score).toBeCloseTo(Math.SQRT1_2, 5);
    expect(photosNeedingTags(db, { id: 1, version: 1 }, 'm')).toEqual([6]);
  });

  it('changes nothing on a re-tag that finds the same, and follows a label-set edit', async () => {
    const db = library();
    await tag(db);
    expect(await tag(db)).toMatchObject({ added: 0, updated: 0, removed: 0 });
    // bb now needs more than photo 4 reaches; the version goes up, so every kept tag is rewritten.
    const labels = [{ name: 'aa', phrasings: [], exclusions: [], threshold: null }, { name: 'bb', phrasings: [], exclusions: [], threshold: 0.99 }];
    saveLabelSet(db, { name: 's', description: null, exclusive: false, labels });
    expect(await tag(db)).toMatchObject({ added: 0, updated: 4, removed: 2 });
    expect(tags(db)).toEqual(['1:aa:auto', '2:aa:auto', '3:bb:auto', '5:aa:auto']);
    expect(db.prepare("SELECT DISTINCT set_version FROM photo_tags").pluck().all()).toEqual([2]);
  });

  it("never writes over the user's decisions, whatever the scores say", async () => {
    const db = library();
    await tag(db);
    decide(db, 1, 'aa', 'rejected');
    decide(db, 3, 'aa', 'confirmed');
    decide(db, 6, 'bb', 'confirmed');
    expect(await tag(db)).toMatchObject({ added: 0, updated: 0, removed: 0 });
    expect(tags(db)).toEqual(['1:aa:rejected', '2:aa:auto', '3:aa:confirmed', '3:bb:auto', '4:bb:auto', '5:aa:auto', '5:bb:auto', '6:bb:confirmed']);
  });

  it('leaves photos outside its scope alone: not in photoIds, or missing', async () => {
    const db = library();
    await tag(db);
    saveLabelSet(db, {
      name: 's',
      description: null,
      exclusive: false,
      labels: [{ name: 'aa', phrasings: [], exclusions: [], threshold: 0.99 }, { name: 'bb', phrasings: [], exclusions: [], threshold: null }],
    });
    expect(await tag(db, { photoIds: [1, 2] })).toMatchObject({ photos: 2, removed: 1 });
    expect(tags(db)).toEqual(['1:aa:auto', '3:bb:auto', '4:bb:auto', '5:aa:auto', '5:bb:auto']);
    db.prepare("UPDATE photos SET status = 'missing' WHERE id = 5").run();
    expect(await tag(db)).toMatchObject({ photos: 5, removed: 0 });
    expect(tags(db)).toContain('5:aa:auto');
    expect(await tag(db, { photoIds: [] })).toMatchObject({ photos: 0, added: 0 });
  });
});

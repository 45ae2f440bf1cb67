import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/db/open-database.js';
import type { Db } from '../../../main/core/db/open-database.js';
import { cameraCounts, photoIdMask, photosByIds, type ScopeFilter } from '../../../main/core/library/photo-queries.js';
import { PhotoStore } from '../../../main/core/library/photo-store.js';
import { photoScope, rankWithin, searchPhotos, type QueryEncoder } from '../../../main/core/search/search-photos.js';
import { VectorIndex } from '../../../main/core/search/vectors/vector-index.js';
import { nearCopy, randomUnit, rng } from './vectors/synthetic-vectors.js';

const DIM = 16;
const MODEL = 'fake';
const query = new Float32Array(DIM).fill(0);
query[0] = 1;
/** Every query means the same direction: which photos come back depends on the scope alone. */
const encoder: QueryEncoder = { modelId: MODEL, embedText: async () => query };

// The photos that matter, best match first; [make, model, taken, cosine to the query].
const NAMED: [string | null, string | null, string | null, number][] = [
  ['Canon', 'Canon EOS R5', '2024-05-01T10:00:00', 0.99],
  ['FUJIFILM', 'X-T30', '2023-05-01T10:00:00', 0.97],
  ['NIKON CORPORATION', 'NIKON D750', '2022-05-01T10:00:00', 0.95],
  ['Canon', 'Canon EOS R5', '2021-05-01T10:00:00', 0.93],
];

let db: Db;
let index: VectorIndex;
let labelA: number;
let labelB: number;

const ids = (mask: Uint8Array) => [...mask.keys()].filter((id) => mask[id] === 1);
const maskOf = (filter: ScopeFilter) => ids(photoIdMask(db, filter));

beforeAll(() => {
  db = openDatabase(':memory:');
  const store = new PhotoStore(db);
  const random = rng(3);
  const rootId = store.addRoot('/photos');
  const add = (i: number, make: string | null, model: string | null, taken: string | null, vector: Float32Array) => {
    const hash = `h${i}`;
    const id = store.insertPhoto({
      rootId, path: `/photos/${i}.jpg`, size: 1, mtimeMs: 1, contentHash: hash, format: 'jpeg', width: 4, height: 3, orientation: 1,
      takenLocal: taken, takenOffsetMin: null, takenUtcMs: null, takenSource: taken ? 'exif' : 'file-mtime',
      cameraMake: make, cameraModel: model, lens: null, gpsLat: null, gpsLon: null, gpsAlt: null,
    });
    store.putEmbedding(id, MODEL, hash, vector, `/photos/${i}.jpg`);
  };
  NAMED.forEach(([make, model, taken, cosine], i) => add(i, make, model, taken, nearCopy(query, cosine, random)));
  // A background of unrelated photos without camera metadata, so the cutoff has a distribution to judge by.
  for (let i = NAMED.length; i < 200; i++) add(i, null, null, null, randomUnit(DIM, random));

  db.prepare(`INSERT INTO label_sets (id, name, created_at, updated_at) VALUES (1, '场景', 1, 1)`).run();
  db.prepare(`INSERT INTO labels (id, set_id, name, position) VALUES (1, 1, '海边', 0), (2, 1, '山', 1)`).run();
  [labelA, labelB] = [1, 2];
  const tag = db.prepare(`INSERT INTO photo_tags (photo_id, label_id, source, updated_at) VALUES (?, ?, ?, 1)`);
  tag.run(1, labelA, 'auto');
  tag.run(2, labelA, 'confirmed');
  tag.run(4, labelA, 'rejected');
  tag.run(2, labelB, 'confirmed');
  index = VectorIndex.fromDatabase(db, MODEL);
});

describe('photo scope filters', () => {
  it('matches a camera by its name, its make or its model, ignoring case', () => {
    expect(maskOf({ camera: 'canon' })).toEqual([1, 4]);
    expect(maskOf({ camera: 'CANON EOS R5' })).toEqual([1, 4]);
    expect(maskOf({ camera: 'x-t30' })).toEqual([2]);
    expect(maskOf({ camera: 'fujifilm X-T30' })).toEqual([2]);
    expect(maskOf({ camera: 'EOS' })).toEqual([]);
  });

  it('lists cameras by name with the make once, most photos first', () => {
    expect(cameraCounts(db)).toEqual([
      { camera: 'Canon EOS R5', make: 'Canon', model: 'Canon EOS R5', count: 2 },
      { camera: 'FUJIFILM X-T30', make: 'FUJIFILM', model: 'X-T30', count: 1 },
      { camera: 'NIKON CORPORATION NIKON D750', make: 'NIKON CORPORATION', model: 'NIKON D750', count: 1 },
    ]);
  });

  it('keeps photos carrying every label, never by a rejected tag', () => {
    expect(maskOf({ labelIds: [labelA] })).toEqual([1, 2]);
    expect(maskOf({ labelIds: [labelA, labelB] })).toEqual([2]);
    expect(maskOf({ labelIds: [labelA], camera: 'canon' })).toEqual([1]);
  });

  it('narrows nothing without a filter, so search scans the whole index unmasked', () => {
    expect(photoScope(db, {})).toBeUndefined();
    expect(photoScope(db, { labelIds: [] })).toBeUndefined();
    expect(ids(photoScope(db, { from: '2022', to: '2023' })!)).toEqual([2, 3]);
  });

  it('reads photos by id in the order asked, skipping unknown ones', () => {
    expect(photosByIds(db, [4, 999, 1]).map((p) => [p.id, p.camera.model])).toEqual([
      [4, 'Canon EOS R5'],
      [1, 'Canon EOS R5'],
    ]);
    expect(photosByIds(db, [])).toEqual([]);
  });
});

describe('search within a scope', () => {
  const hitIds = async (request: Parameters<typeof searchPhotos>[2]) => (await searchPhotos(db, encoder, request, index)).hits.map((h) => h.photo.id);

  it('ranks the whole library without filters', async () => {
    const top = (await hitIds({ query: 'x' })).slice(0, 4);
    expect(top[0]).toBe(1);
    expect(top.sort()).toEqual([1, 2, 3, 4]);
  });

  it('returns only the camera or the labels asked for', async () => {
    expect(await hitIds({ query: 'x', camera: 'Canon' })).toEqual([1, 4]);
    expect(await hitIds({ query: 'x', labelIds: [labelA] })).toEqual([1, 2]);
    expect(await hitIds({ query: 'x', labelIds: [labelA, labelB] })).toEqual([2]);
  });

  it('lists a time-only query in timeline order within the other filters', async () => {
    const outcome = await searchPhotos(db, encoder, { query: '2021年', camera: 'canon' }, index);
    expect(outcome.hits).toMatchObject([{ photo: { id: 4 }, score: null }]);
  });

  it('leaves out the photo searched from, and sorts by date when asked', () => {
    const { hits } = rankWithin(db, index, index.vector(1)!, photoScope(db, {}), { sort: 'date' }, 1);
    expect(hits.map((h) => h.photo.id)).not.toContain(1);
    const dated = hits.filter((h) => h.photo.takenAt !== null).map((h) => h.photo.takenAt!);
    expect(dated).toEqual([...dated].sort().reverse());
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../main/core/db/open-database.js';
import { VectorIndex, type SearchHit } from '../../../../main/core/search/vectors/vector-index.js';
import { normalise, randomUnit, rng } from './synthetic-vectors.js';

/** The reference: cosine in float64 against every vector, sorted by score then id. */
function bruteForce(vectors: Map<number, Float32Array>, query: Float32Array, limit: number, keep = (_id: number) => true): SearchHit[] {
  const q = normalise(query.slice());
  return [...vectors]
    .filter(([id]) => keep(id))
    .map(([photoId, v]) => {
      const u = normalise(v.slice());
      let score = 0;
      for (let j = 0; j < q.length; j++) score += u[j]! * q[j]!;
      return { photoId, score };
    })
    .sort((a, b) => b.score - a.score || a.photoId - b.photoId)
    .slice(0, limit);
}

/** Equal up to float32 rounding: same scores rank by rank, and every hit scored as the reference scores it. */
function expectSameHits(actual: SearchHit[], expected: SearchHit[]): void {
  expect(actual.length).toBe(expected.length);
  const reference = new Map(expected.map((h) => [h.photoId, h.score]));
  actual.forEach((hit, i) => {
    expect(hit.score).toBeCloseTo(expected[i]!.score, 5);
    const own = reference.get(hit.photoId) ?? (expected.at(-1)?.score ?? NaN);
    expect(hit.score).toBeCloseTo(own, 5);
  });
}

/** A small library from a seed; `twins` copies some vectors so exact ties occur. */
const library = fc.record({
  seed: fc.integer(),
  dim: fc.constantFrom(1, 3, 8, 31, 32, 33, 70),
  size: fc.integer({ min: 0, max: 80 }),
  twins: fc.boolean(),
  limit: fc.integer({ min: 0, max: 25 }),
});

function build({ seed, dim, size, twins }: { seed: number; dim: number; size: number; twins: boolean }, int8: boolean) {
  const rand = rng(seed);
  const vectors = new Map<number, Float32Array>();
  const index = new VectorIndex(dim, { int8 });
  for (let i = 0; i < size; i++) {
    const id = 1 + Math.floor(rand() * 10_000);
    const earlier = [...vectors.values()];
    const v = twins && earlier.length > 0 && rand() < 0.3 ? earlier[Math.floor(rand() * earlier.length)]!.slice() : randomUnit(dim, rand);
    // Unnormalised input on purpose: the index normalises.
    for (let j = 0; j < dim; j++) v[j]! *= 3;
    vectors.set(id, v);
    index.upsert(id, v);
  }
  return { index, vectors, query: randomUnit(dim, rand) };
}

describe('VectorIndex.search', () => {
  for (const int8 of [false, true]) {
    it(`matches brute force (${int8 ? 'int8 scan + rescore' : 'float32 scan'})`, () => {
      fc.assert(
        fc.property(library, (spec) => {
          const { index, vectors, query } = build(spec, int8);
          expectSameHits(index.search(query, { limit: spec.limit }), bruteForce(vectors, query, spec.limit));
        }),
        { numRuns: 150 },
      );
    });
  }

  it('returns exactly the same hits whether or not it scans int8', () => {
    fc.assert(
      fc.property(library, (spec) => {
        const exact = build(spec, false);
        const quantised = build(spec, true);
        expect(quantised.index.search(quantised.query, { limit: spec.limit })).toEqual(exact.index.search(exact.query, { limit: spec.limit }));
      }),
      { numRuns: 150 },
    );
  });

  it('finds the same top 10 at 20k × 512 in both modes, with the query vector itself on top', () => {
    const rand = rng(5);
    const float = new VectorIndex(512);
    const int8 = new VectorIndex(512, { int8: true });
    for (let id = 0; id < 20_000; id++) {
      const v = randomUnit(512, rand);
      float.upsert(id, v);
      int8.upsert(id, v);
    }
    const query = float.vector(1234)!;
    const hits = float.search(query, { limit: 10 });
    expect(hits[0]).toEqual({ photoId: 1234, score: expect.closeTo(1, 5) as number });
    expect(int8.search(query, { limit: 10 })).toEqual(hits);
  });

  it('applies a filter given as a predicate or as a mask by photo id', () => {
    fc.assert(
      fc.property(library, fc.boolean(), (spec, int8) => {
        const { index, vectors, query } = build(spec, int8);
        const even = (id: number) => id % 2 === 0;
        const mask = new Uint8Array(5_000);
        for (let id = 0; id < mask.length; id += 2) mask[id] = 1;
        const expected = bruteForce(vectors, query, spec.limit, even);
        expectSameHits(index.search(query, { limit: spec.limit, filter: even }), expected);
        // Ids beyond the mask's end are filtered out.
        expectSameHits(index.search(query, { limit: spec.limit, filter: mask }), bruteForce(vectors, query, spec.limit, (id) => even(id) && id < 5_000));
      }),
      { numRuns: 60 },
    );
  });

  it('answers an empty library with nothing', () => {
    const index = new VectorIndex(8, { int8: true });
    expect(index.search(randomUnit(8, rng(1)))).toEqual([]);
    expect(index.searchWithBackground(randomUnit(8, rng(1)))).toMatchObject({ hits: [], background: { count: 0 } });
  });

  it('defaults to 100 results', () => {
    const index = new VectorIndex(4);
    const rand = rng(9);
    for (let id = 0; id < 150; id++) index.upsert(id, randomUnit(4, rand));
    expect(index.search(randomUnit(4, rand))).toHaveLength(100);
  });

  it('rejects malformed input', () => {
    const index = new VectorIndex(3);
    expect(() => index.upsert(1, [1, 2])).toThrow(/3-d/);
    expect(() => index.upsert(1, [0, 0, 0])).toThrow(/not all zero/);
    expect(() => index.upsert(1, [1, NaN, 0])).toThrow(/finite/);
    expect(() => index.upsert(-1, [1, 0, 0])).toThrow(/photo id/);
    expect(() => index.upsert(1.5, [1, 0, 0])).toThrow(/photo id/);
    expect(() => index.search([1, 0, 0], { limit: -1 })).toThrow(/limit/);
    expect(() => new VectorIndex(0)).toThrow(/dimension/);
  });
});

describe('VectorIndex upsert and remove', () => {
  const op = fc.oneof(
    fc.record({ kind: fc.constant('upsert' as const), id: fc.integer({ min: 0, max: 40 }), seed: fc.integer() }),
    fc.record({ kind: fc.constant('remove' as const), id: fc.integer({ min: 0, max: 40 }) }),
  );

  it('behaves like a map from photo id to vector, growing past its first allocation', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), fc.boolean(), (ops, int8) => {
        const dim = 16;
        const index = new VectorIndex(dim, { int8 });
        const model = new Map<number, Float32Array>();
        for (const o of ops) {
          if (o.kind === 'upsert') {
            const v = randomUnit(dim, rng(o.seed));
            index.upsert(o.id, v);
            model.set(o.id, v);
          } else {
            expect(index.remove(o.id)).toBe(model.delete(o.id));
          }
        }
        expect(index.size).toBe(model.size);
        for (let id = 0; id <= 40; id++) {
          expect(index.has(id)).toBe(model.has(id));
          const stored = index.vector(id);
          if (model.has(id)) [...model.get(id)!].forEach((x, j) => expect(stored![j]).toBeCloseTo(x, 6));
          else expect(stored).toBeUndefined();
        }
        const query = randomUnit(dim, rng(ops.length));
        expectSameHits(index.search(query, { limit: 50 }), bruteForce(model, query, 50));
      }),
      { numRuns: 80 },
    );
  });

  it.each([512, 200])('grows one row at a time past many reallocations (%i-d, int8 copy kept in step)', (dim) => {
    const float = new VectorIndex(dim);
    const int8 = new VectorIndex(dim, { int8: true });
    const rand = rng(dim);
    for (let id = 0; id < 4_000; id++) {
      const v = randomUnit(dim, rand);
      float.upsert(id, v);
      int8.upsert(id, v);
    }
    for (let id = 0; id < 4_000; id += 97) {
      const hits = int8.search(float.vector(id)!, { limit: 3 });
      expect(hits[0]?.photoId).toBe(id);
      expect(hits).toEqual(float.search(float.vector(id)!, { limit: 3 }));
    }
  });
});

describe('VectorIndex.fromDatabase', () => {
  function libraryDb() {
    const db = openDatabase(':memory:');
    db.prepare(`INSERT INTO roots (id, path, added_at) VALUES (1, '/photos', 0)`).run();
    const photo = db.prepare(
      `INSERT INTO photos (id, root_id, path, folder, size, mtime_ms, content_hash, format, width, height, taken_source, status, added_at, updated_at)
       VALUES (?, 1, ?, '/photos', 1, 0, ?, 'jpeg', 1, 1, 'none', ?, 0, 0)`,
    );
    const embedding = db.prepare(
      `INSERT INTO embeddings (photo_id, model_id, content_hash, dim, vector, created_at) VALUES (?, ?, 'h', ?, ?, 0)`,
    );
    const blob = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    return { db, photo, embedding, blob };
  }

  it('loads the present photos of one model', () => {
    const { db, photo, embedding, blob } = libraryDb();
    db.prepare(`INSERT INTO models (id, family, dim, manifest, installed_at) VALUES ('clip', 'cn-clip', 4, '{}', 0)`).run();
    const rand = rng(1);
    const vectors = new Map<number, Float32Array>();
    for (let id = 1; id <= 30; id++) {
      photo.run(id, `/photos/${id}.jpg`, `h${id}`, id % 10 === 0 ? 'missing' : 'present');
      const v = randomUnit(4, rand);
      embedding.run(id, 'clip', 4, blob(v));
      embedding.run(id, 'other', 2, blob(randomUnit(2, rand)));
      if (id % 10 !== 0) vectors.set(id, v);
    }
    const index = VectorIndex.fromDatabase(db, 'clip');
    expect(index.dim).toBe(4);
    expect(index.size).toBe(27);
    expect(index.has(10)).toBe(false);
    const query = randomUnit(4, rand);
    expectSameHits(index.search(query, { limit: 30 }), bruteForce(vectors, query, 30));
    expect(VectorIndex.fromDatabase(db, 'other').dim).toBe(2);
    expect(() => VectorIndex.fromDatabase(db, 'nope')).toThrow(/nope/);
  });

  it('loads only the photos asked for, still only present ones', () => {
    const { db, photo, embedding, blob } = libraryDb();
    const rand = rng(2);
    for (let id = 1; id <= 5; id++) {
      photo.run(id, `/photos/${id}.jpg`, `h${id}`, id === 3 ? 'missing' : 'present');
      embedding.run(id, 'clip', 4, blob(randomUnit(4, rand)));
    }
    const index = VectorIndex.fromDatabase(db, 'clip', { photoIds: [2, 3, 4, 99] });
    expect([...index.rows().ids].sort()).toEqual([2, 4]);
    expect(VectorIndex.fromDatabase(db, 'clip', { photoIds: [] }).size).toBe(0);
  });

  it('refuses a vector whose length disagrees with the model', () => {
    const { db, photo, embedding, blob } = libraryDb();
    db.prepare(`INSERT INTO models (id, family, dim, manifest, installed_at) VALUES ('clip', 'cn-clip', 4, '{}', 0)`).run();
    photo.run(1, '/photos/1.jpg', 'h1', 'present');
    embedding.run(1, 'clip', 3, blob(new Float32Array([1, 0, 0])));
    expect(() => VectorIndex.fromDatabase(db, 'clip')).toThrow(/3-d vector/);
  });
});

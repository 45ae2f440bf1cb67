import type { Db } from '../../db/open-database.js';
import { XuntuError } from '../../errors.js';
import { FloatMatrix } from './float-matrix.js';
import { grownCopy } from './grown-copy.js';
import { Int8Matrix } from './int8-matrix.js';
import { scanFloat, scanQuantised, type ScanRequest } from './scan-top-k.js';
import { BackgroundSampler, type ScoreBackground } from './score-background.js';

export interface SearchHit {
  photoId: number;
  /** Cosine similarity (dot product of unit vectors), as the float32 kernel computes it. */
  score: number;
}

/** Either a predicate, or a mask indexed by photo id where a non-zero byte lets the photo through. */
export type PhotoFilter = ((photoId: number) => boolean) | Uint8Array;

export interface SearchOptions {
  /** Results to return, best first (default 100). */
  limit?: number;
  filter?: PhotoFilter;
}

export interface VectorIndexOptions {
  /**
   * Also keep an int8 copy and scan that: about 3× faster scans (measured 1M × 512: ~22 vs ~64 ms) for 25% more
   * memory, with identical results (see scanQuantised). Off by default because float32 alone already meets the
   * latency targets and sits at the memory-bandwidth floor; turn it on for libraries near a million photos or for
   * many scans in a row (scoring a whole label set).
   */
  int8?: boolean;
  /** Rows to allocate up front, when the count is known (loading). */
  capacity?: number;
}

const DEFAULT_LIMIT = 100;
/** Smallest allocation, and the growth factor that makes appends amortised O(1). */
const MIN_CAPACITY = 64;
const GROWTH = 1.5;

/**
 * The embeddings of one model, in memory, for brute-force cosine search. Brute force is the right tool at this
 * scale: a full scan of 100k photos takes a few milliseconds and is exact, with no index to build or tune.
 *
 * Vectors are normalised on the way in, so every score is a cosine. Rows are kept dense (a removal moves the last
 * row into the hole) so a scan never skips tombstones; `rowOf` maps photo ids to rows for updates and removals.
 */
export class VectorIndex {
  private readonly float: FloatMatrix;
  private readonly int8: Int8Matrix | undefined;
  private ids: Int32Array;
  private readonly rowOf = new Map<number, number>();
  private count = 0;
  /** Scratch for the normalised copy of an incoming vector or query. */
  private readonly unit: Float32Array;

  constructor(
    readonly dim: number,
    options: VectorIndexOptions = {},
  ) {
    if (!Number.isInteger(dim) || dim <= 0) throw new XuntuError('INVALID_VECTOR', `vector dimension must be a positive integer, got ${dim}`);
    const capacity = Math.max(MIN_CAPACITY, options.capacity ?? 0);
    this.float = new FloatMatrix(dim, capacity);
    this.int8 = options.int8 ? new Int8Matrix(dim, capacity) : undefined;
    this.ids = new Int32Array(capacity);
    this.unit = new Float32Array(dim);
  }

  /**
   * Every vector of `modelId` whose photo is present (missing photos stay in the database for when their drive
   * returns, but must not show up in results); only those of `photoIds` when given (tagging a batch of new photos
   * should not load the whole library).
   */
  static fromDatabase(db: Db, modelId: string, options: Omit<VectorIndexOptions, 'capacity'> & { photoIds?: readonly number[] } = {}): VectorIndex {
    const model = (db.prepare('SELECT dim FROM models WHERE id = ?').get(modelId) ??
      db.prepare('SELECT dim FROM embeddings WHERE model_id = ? LIMIT 1').get(modelId)) as { dim: number } | undefined;
    if (model === undefined) throw new XuntuError('UNKNOWN_MODEL', `no model or embeddings for model ${modelId}`);
    const only = options.photoIds && JSON.stringify(options.photoIds);
    const from = `FROM embeddings e JOIN photos p ON p.id = e.photo_id WHERE e.model_id = ? AND p.status = 'present'${
      only === undefined ? '' : ' AND e.photo_id IN (SELECT value FROM json_each(?))'
    }`;
    const params = only === undefined ? [modelId] : [modelId, only];
    const { n } = db.prepare(`SELECT count(*) AS n ${from}`).get(...params) as { n: number };
    const index = new VectorIndex(model.dim, { ...options, capacity: n });
    // Blobs are little-endian float32, which is also the byte order of every platform Xuntu ships on; copying
    // into an aligned buffer is needed anyway since a blob's offset in its Buffer need not be a multiple of 4.
    const floats = new Float32Array(model.dim);
    const bytes = new Uint8Array(floats.buffer);
    const rows = db.prepare(`SELECT e.photo_id AS id, e.dim AS dim, e.vector AS vector ${from}`).iterate(...params);
    for (const row of rows as Iterable<{ id: number; dim: number; vector: Buffer }>) {
      if (row.dim !== model.dim) {
        throw new XuntuError('DIM_MISMATCH', `photo ${row.id} has a ${row.dim}-d vector for ${model.dim}-d model ${modelId}`);
      }
      bytes.set(row.vector);
      index.upsert(row.id, floats);
    }
    return index;
  }

  get size(): number {
    return this.count;
  }

  has(photoId: number): boolean {
    return this.rowOf.has(photoId);
  }

  /** A copy of the stored (normalised) vector, e.g. to search by an example photo. */
  vector(photoId: number): Float32Array | undefined {
    const row = this.rowOf.get(photoId);
    return row === undefined ? undefined : this.float.row(row).slice();
  }

  upsert(photoId: number, vector: ArrayLike<number>): void {
    if (!Number.isInteger(photoId) || photoId < 0 || photoId > 0x7fffffff) {
      throw new XuntuError('INVALID_PHOTO_ID', `photo id must be a non-negative 32-bit integer, got ${photoId}`);
    }
    const unit = this.normalised(vector);
    let row = this.rowOf.get(photoId);
    if (row === undefined) {
      row = this.count;
      this.reserve(row + 1);
      this.rowOf.set(photoId, row);
      this.ids[row] = photoId;
      this.count++;
    }
    this.float.setRow(row, unit);
    this.int8?.setRow(row, unit);
  }

  /** Moves the last row into the freed one, so rows stay dense; false when the photo was not indexed. */
  remove(photoId: number): boolean {
    const row = this.rowOf.get(photoId);
    if (row === undefined) return false;
    const last = --this.count;
    if (row !== last) {
      this.float.copyRow(last, row);
      this.int8?.copyRow(last, row);
      const moved = this.ids[last]!;
      this.ids[row] = moved;
      this.rowOf.set(moved, row);
    }
    this.rowOf.delete(photoId);
    return true;
  }

  /** The best matches by cosine similarity, best first; ties go to the lower photo id. */
  search(query: ArrayLike<number>, options: SearchOptions = {}): SearchHit[] {
    return this.run(query, options, undefined);
  }

  /**
   * search() plus where this query's scores sit over the whole library (ignoring the filter), from a sample taken
   * during the same scan: the input adaptiveCutoff needs.
   */
  searchWithBackground(query: ArrayLike<number>, options: SearchOptions = {}): { hits: SearchHit[]; background: ScoreBackground } {
    const sampler = new BackgroundSampler(this.count);
    const hits = this.run(query, options, sampler);
    return { hits, background: sampler.result() };
  }

  /** Bytes held: the wasm memories (vectors plus kernel scratch), the row ids, and an estimate for the id map. */
  memoryBytes(): number {
    return this.float.byteLength + (this.int8?.byteLength ?? 0) + this.ids.byteLength + this.rowOf.size * MAP_ENTRY_BYTES;
  }

  /**
   * The rows as they are now, for whole-library passes such as near-duplicate grouping. A live view: it is only
   * valid until the next upsert or remove.
   */
  rows(): { count: number; ids: Int32Array; matrix: FloatMatrix } {
    return { count: this.count, ids: this.ids.subarray(0, this.count), matrix: this.float };
  }

  private run(query: ArrayLike<number>, options: SearchOptions, sampler: BackgroundSampler | undefined): SearchHit[] {
    const limit = options.limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 0) throw new XuntuError('INVALID_LIMIT', `limit must be a non-negative integer, got ${limit}`);
    const unit = this.normalised(query);
    this.float.setQuery(unit);
    const request: ScanRequest = { count: this.count, ids: this.ids, limit, allowed: predicate(options.filter), sampler };
    const top = this.int8 ? scanQuantised(this.float, this.int8, this.int8.setQuery(unit), request) : scanFloat(this.float, request);
    const { scores, ids } = top.drain();
    return Array.from(ids, (photoId, i) => ({ photoId, score: scores[i]! }));
  }

  /** Rows that fit in every store (each rounds its memory up to whole pages, so they differ). */
  private get capacity(): number {
    return Math.min(this.float.capacity, this.int8?.capacity ?? Infinity, this.ids.length);
  }

  private reserve(rows: number): void {
    if (rows <= this.capacity) return;
    const target = Math.max(rows, Math.ceil(this.capacity * GROWTH));
    this.float.reserve(target);
    this.int8?.reserve(target);
    if (this.ids.length < target) this.ids = grownCopy(this.ids, target);
  }

  private normalised(vector: ArrayLike<number>): Float32Array {
    if (vector.length !== this.dim) {
      throw new XuntuError('INVALID_VECTOR', `expected a ${this.dim}-d vector, got ${vector.length} components`);
    }
    let squares = 0;
    for (let j = 0; j < this.dim; j++) squares += vector[j]! * vector[j]!;
    const norm = Math.sqrt(squares);
    if (!(norm > 0 && Number.isFinite(norm))) throw new XuntuError('INVALID_VECTOR', 'a vector must be finite and not all zero');
    for (let j = 0; j < this.dim; j++) this.unit[j] = vector[j]! / norm;
    return this.unit;
  }
}

/** Heap cost of one Map<number, number> entry, measured ~37 bytes at 100k entries (hash table plus slack). */
const MAP_ENTRY_BYTES = 40;

function predicate(filter: PhotoFilter | undefined): ((photoId: number) => boolean) | undefined {
  if (filter === undefined || typeof filter === 'function') return filter;
  return (photoId) => (filter[photoId] ?? 0) !== 0;
}

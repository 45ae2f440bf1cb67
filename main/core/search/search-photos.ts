import type { Db } from '../db/open-database.js';
import { listPhotos, photoIdMask, photosByIds, type PhotoSummary, type ScopeFilter } from '../library/photo-queries.js';
import { adaptiveCutoff, type Cutoff } from './vectors/adaptive-cutoff.js';
import { VectorIndex } from './vectors/vector-index.js';
import { parseTimeQuery, type ParsedQuery } from './query/parse-time-query.js';

export interface SearchRequest extends ScopeFilter {
  query: string;
  /** Most results to return even when more pass the cutoff. */
  limit?: number;
  /** Relevance (default) or capture time, newest first, once the relevant set is chosen. */
  sort?: 'score' | 'date';
  /** The user's "now", for 「去年」「上个月」. */
  now?: Date;
}

export interface SearchHitRow {
  photo: PhotoSummary;
  /** Cosine similarity; null when the query held only a time expression (nothing for CLIP to rank). */
  score: number | null;
}

export interface SearchOutcome {
  parsed: ParsedQuery;
  hits: SearchHitRow[];
  cutoff: Cutoff | null;
}

/** What search needs of the model: its id (vectors are stored per model) and the text tower. */
export interface QueryEncoder {
  readonly modelId: string;
  embedText(text: string): Promise<Float32Array>;
}

/** Candidates scored before the cutoff decides; generous so the cutoff sees the whole head of the ranking. */
const CANDIDATES = 1000;

/**
 * Text search: time expressions become date filters (shown back to the user), the rest is ranked by CLIP over
 * the stored vectors, and the results end where this query's own score distribution says relevance ends.
 */
export async function searchPhotos(db: Db, encoder: QueryEncoder, request: SearchRequest, index?: VectorIndex): Promise<SearchOutcome> {
  const parsed = parseTimeQuery(request.query, request.now ?? new Date());
  const filter = combineFilters(request, parsed);
  if (filter === 'empty') return { parsed, hits: [], cutoff: null };

  if (parsed.text.trim() === '') {
    return { parsed, hits: listPhotos(db, { ...filter, limit: request.limit }).map((photo) => ({ photo, score: null })), cutoff: null };
  }
  const scope = photoScope(db, filter);
  const vectors = index ?? VectorIndex.fromDatabase(db, encoder.modelId);
  const query = await encoder.embedText(parsed.text);
  return { parsed, ...rankWithin(db, vectors, query, scope, request) };
}

/**
 * Ranks the photos of `scope` (undefined: every photo of the index) by similarity to `query` and applies the
 * adaptive cutoff; shared by text and photo search. Only the kept hits are read from the database.
 */
export function rankWithin(
  db: Db,
  index: VectorIndex,
  query: Float32Array,
  scope: PhotoScope,
  request: Pick<SearchRequest, 'limit' | 'sort'>,
  exclude?: number,
): { hits: SearchHitRow[]; cutoff: Cutoff } {
  const filter = exclude === undefined ? scope : (id: number) => id !== exclude && (scope === undefined || scope[id] === 1);
  const { hits, background } = index.searchWithBackground(query, { limit: CANDIDATES, filter });
  const cutoff = adaptiveCutoff(hits.map((h) => h.score), background);
  const scores = new Map(hits.slice(0, cutoff.kept).map((h) => [h.photoId, h.score]));
  // An index loaded before a photo went missing (or was forgotten) may still hold it; results never show it.
  let rows = photosByIds(db, [...scores.keys()])
    .filter((photo) => photo.status === 'present')
    .map((photo) => ({ photo, score: scores.get(photo.id)! }));
  if (request.sort === 'date') rows = rows.sort((a, b) => (b.photo.takenAt ?? '').localeCompare(a.photo.takenAt ?? ''));
  return { hits: rows.slice(0, request.limit ?? rows.length), cutoff };
}

/** The photos a search may return, as a mask by photo id (VectorIndex's filter); undefined: every indexed photo. */
export type PhotoScope = Uint8Array | undefined;

/** No query at all without a filter: the index holds present photos only, which is already the whole scope. */
export function photoScope(db: Db, filter: ScopeFilter): PhotoScope {
  const narrowed =
    filter.folder !== undefined || filter.from !== undefined || filter.to !== undefined || filter.camera !== undefined || (filter.labelIds?.length ?? 0) > 0;
  return narrowed ? photoIdMask(db, filter) : undefined;
}

/** The explicit --from/--to and the parsed time expressions together; 'empty' when they share no day. */
function combineFilters(request: SearchRequest, parsed: ParsedQuery): ScopeFilter | 'empty' {
  if (parsed.filters.length > 0 && parsed.range === null) return 'empty';
  let from = request.from;
  let to = request.to;
  if (parsed.range) {
    from = from === undefined || parsed.range.from > from ? parsed.range.from : from;
    to = to === undefined || parsed.range.to < to ? parsed.range.to : to;
    if (from > to) return 'empty';
  }
  return { folder: request.folder, from, to, labelIds: request.labelIds, camera: request.camera };
}

import type { Db } from '../db/open-database.js';
import { listPhotos, type PhotoFilter as ListFilter, type PhotoSummary } from '../library/photo-queries.js';
import { photosWithLabels } from '../tagging/tag-store.js';
import { adaptiveCutoff, type Cutoff } from './vectors/adaptive-cutoff.js';
import { VectorIndex } from './vectors/vector-index.js';
import { parseTimeQuery, type ParsedQuery } from './query/parse-time-query.js';

export interface SearchRequest {
  query: string;
  /** Most results to return even when more pass the cutoff. */
  limit?: number;
  folder?: string;
  from?: string;
  to?: string;
  /** Relevance (default) or capture time, newest first, once the relevant set is chosen. */
  sort?: 'score' | 'date';
  /** The user's "now", for 「去年」「上个月」. */
  now?: Date;
  /** Only photos carrying every one of these labels (auto or confirmed; a rejected tag never counts). */
  labelIds?: readonly number[];
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

  const inScope = photosInScope(db, filter, request.labelIds);
  if (parsed.text.trim() === '') {
    return { parsed, hits: inScope.slice(0, request.limit ?? inScope.length).map((photo) => ({ photo, score: null })), cutoff: null };
  }
  const vectors = index ?? VectorIndex.fromDatabase(db, encoder.modelId);
  const query = await encoder.embedText(parsed.text);
  return { parsed, ...rankWithin(vectors, query, inScope, request) };
}

/** Ranks the photos of `scope` by similarity to `query` and applies the adaptive cutoff; shared by text and photo search. */
export function rankWithin(
  index: VectorIndex,
  query: Float32Array,
  scope: readonly PhotoSummary[],
  request: Pick<SearchRequest, 'limit' | 'sort'>,
  exclude?: number,
): { hits: SearchHitRow[]; cutoff: Cutoff } {
  const byId = new Map(scope.map((p) => [p.id, p]));
  const { hits, background } = index.searchWithBackground(query, {
    limit: CANDIDATES,
    filter: (id) => id !== exclude && byId.has(id),
  });
  const cutoff = adaptiveCutoff(hits.map((h) => h.score), background);
  let rows = hits.slice(0, cutoff.kept).map((h) => ({ photo: byId.get(h.photoId)!, score: h.score }));
  if (request.sort === 'date') rows = rows.sort((a, b) => (b.photo.takenAt ?? '').localeCompare(a.photo.takenAt ?? ''));
  return { hits: rows.slice(0, request.limit ?? rows.length), cutoff };
}

/** The photos a search may return: the list filters, then every tag filter. */
export function photosInScope(db: Db, filter: ListFilter, labelIds: readonly number[] = []): PhotoSummary[] {
  let photos = listPhotos(db, filter);
  for (const labelId of labelIds) {
    const tagged = photosWithLabels(db, [labelId]);
    photos = photos.filter((p) => tagged.has(p.id));
  }
  return photos;
}

/** The explicit --from/--to and the parsed time expressions together; 'empty' when they share no day. */
function combineFilters(request: SearchRequest, parsed: ParsedQuery): ListFilter | 'empty' {
  if (parsed.filters.length > 0 && parsed.range === null) return 'empty';
  let from = request.from;
  let to = request.to;
  if (parsed.range) {
    from = from === undefined || parsed.range.from > from ? parsed.range.from : from;
    to = to === undefined || parsed.range.to < to ? parsed.range.to : to;
    if (from > to) return 'empty';
  }
  return { folder: request.folder, from, to };
}

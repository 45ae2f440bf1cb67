import type { Db } from '../../db/open-database.js';
import { XuntuError } from '../../errors.js';
import { PhotoStore } from '../../library/photo-store.js';
import { listPhotos } from '../../library/photo-queries.js';
import { searchModel } from '../../models/active-model.js';
import { describeRange } from '../../search/query/parse-time-query.js';
import { loadQueryEncoder } from '../../search/model-runtime.js';
import { photoScope, rankWithin, searchPhotos, type SearchHitRow } from '../../search/search-photos.js';
import { findPhotoDuplicates } from '../../search/photo-duplicates.js';
import { VectorIndex } from '../../search/vectors/vector-index.js';
import { resolveLabel } from '../../tagging/label-set-store.js';
import type { CliContext } from '../cli-context.js';
import { displayPath } from '../display-path.js';
import { ExitCode } from '../exit-codes.js';

export interface SearchCliOptions {
  json?: boolean;
  limit?: number;
  folder?: string;
  from?: string;
  to?: string;
  sort?: 'score' | 'date';
  /** Label references (标签 or 集合/标签), all required. */
  tag?: string[];
}

const labelIdsOf = (db: Db, refs: readonly string[] = []) => refs.map((ref) => resolveLabel(db, ref).id);

export async function searchCommand(ctx: CliContext, query: string, opts: SearchCliOptions): Promise<number> {
  const library = ctx.openLibrary();
  const encoder = await loadQueryEncoder(library.db).catch((err) => {
    library.close();
    throw err;
  });
  try {
    const outcome = await searchPhotos(library.db, encoder, { query, ...opts, labelIds: labelIdsOf(library.db, opts.tag) });
    // The parsed time filters are shown back (on stderr, so --json output stays one array).
    for (const f of outcome.parsed.filters) ctx.stderr.write(`${ctx.msg.timeFilter(f.text, describeRange(f.range, ctx.lang))}\n`);
    if (outcome.parsed.filters.length > 0 && outcome.parsed.text) ctx.stderr.write(`${ctx.msg.searchingFor(outcome.parsed.text)}\n`);
    printHits(ctx, outcome.hits, opts.json);
    return ExitCode.OK;
  } finally {
    await encoder.close();
    library.close();
  }
}

/** 以图搜图: photos like a given one (by id or path), by its stored vector. */
export async function similarCommand(ctx: CliContext, photo: string, opts: SearchCliOptions): Promise<number> {
  const library = ctx.openLibrary();
  try {
    const model = await searchModel(library.db);
    if (!model) throw new XuntuError('NO_ACTIVE_MODEL', 'no model chosen for this library: run xuntu model fetch or xuntu model import first');
    const id = new PhotoStore(library.db).resolvePhoto(photo);
    const index = VectorIndex.fromDatabase(library.db, model.manifest.id);
    const vector = index.vector(id);
    if (!vector) throw new XuntuError('NOT_EMBEDDED', `photo ${photo} has no vector for ${model.manifest.id} yet: run xuntu index`);
    const scope = photoScope(library.db, { folder: opts.folder, from: opts.from, to: opts.to, labelIds: labelIdsOf(library.db, opts.tag) });
    printHits(ctx, rankWithin(library.db, index, vector, scope, opts, id).hits, opts.json);
    return ExitCode.OK;
  } finally {
    library.close();
  }
}

export async function duplicatesCommand(ctx: CliContext, opts: { json?: boolean; threshold?: number }): Promise<number> {
  const library = ctx.openLibrary();
  try {
    const model = await searchModel(library.db);
    if (!model) throw new XuntuError('NO_ACTIVE_MODEL', 'no model chosen for this library: run xuntu model fetch or xuntu model import first');
    const photos = new Map(listPhotos(library.db).map((p) => [p.id, p]));
    const index = VectorIndex.fromDatabase(library.db, model.manifest.id);
    const groups = findPhotoDuplicates(index, photos, opts.threshold);
    const out = groups.map((g) => ({ best: g.best, photos: g.photoIds.map((id) => ({ id, path: photos.get(id)?.path ?? '' })) }));
    if (opts.json) ctx.printJson(out);
    else if (out.length === 0) ctx.print(ctx.msg.noDuplicates);
    else
      out.forEach((g, i) => {
        ctx.print(ctx.msg.duplicateGroup(i + 1, g.photos.length));
        for (const p of g.photos) ctx.print(`  ${p.id === g.best ? '★' : ' '} ${String(p.id).padStart(6)}  ${displayPath(p.path)}`);
      });
    return ExitCode.OK;
  } finally {
    library.close();
  }
}


function printHits(ctx: CliContext, hits: SearchHitRow[], json: boolean | undefined): void {
  if (json) {
    ctx.printJson(hits.map((h) => ({ id: h.photo.id, path: h.photo.path, score: h.score, takenAt: h.photo.takenAt })));
    return;
  }
  if (hits.length === 0) ctx.print(ctx.msg.noPhotos);
  for (const h of hits) {
    const score = h.score === null ? '     ' : h.score.toFixed(3);
    ctx.print(`${score}  ${String(h.photo.id).padStart(6)}  ${(h.photo.takenAt ?? '—').padEnd(25)}  ${displayPath(h.photo.path)}`);
  }
}

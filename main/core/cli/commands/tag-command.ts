import { XuntuError } from '../../errors.js';
import { searchModel } from '../../models/active-model.js';
import { getLabelSet, listLabelSets } from '../../tagging/label-set-store.js';
import { lazyPromptEncoder } from '../../tagging/prompt-encoder.js';
import { photosNeedingTags, tagPhotos, type TagPhotosResult } from '../../tagging/retag-library.js';
import type { CliContext } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';

export interface TagCliOptions {
  set?: string;
  retag?: boolean;
  json?: boolean;
}

/**
 * `xuntu tag`: tags the embedded photos of the search model from their stored vectors. By default only the photos a
 * set has not tagged at its current version under this model; --retag scores them all again (what a changed
 * threshold or a learned label needs to show).
 */
export async function tagCommand(ctx: CliContext, opts: TagCliOptions): Promise<number> {
  const library = ctx.openLibrary();
  try {
    const { db } = library;
    const model = await searchModel(db);
    if (!model) throw new XuntuError('NO_ACTIVE_MODEL', 'no model chosen for this library: run xuntu model fetch or xuntu model import first');
    const modelId = model.manifest.id;
    const sets = opts.set === undefined ? listLabelSets(db) : [findSet(db, opts.set)];
    if (sets.length === 0) {
      ctx.print(ctx.msg.noLabelSets);
      return ExitCode.OK;
    }
    const encoder = lazyPromptEncoder(model.dir);
    const runs: TagPhotosResult[] = [];
    const scored = new Set<number>();
    try {
      if (opts.retag) runs.push(await tagPhotos(db, { modelId, encodeTexts: encoder.encode, setIds: sets.map((s) => s.id) }));
      // Each set has its own untagged photos, so one run per set.
      else
        for (const set of sets) {
          const photoIds = photosNeedingTags(db, set, modelId);
          photoIds.forEach((id) => scored.add(id));
          runs.push(await tagPhotos(db, { modelId, encodeTexts: encoder.encode, setIds: [set.id], photoIds }));
        }
    } finally {
      await encoder.close();
    }
    const sum = (key: keyof TagPhotosResult) => runs.reduce((n, r) => n + r[key], 0);
    const total = { photos: opts.retag ? sum('photos') : scored.size, labels: sum('labels'), added: sum('added'), updated: sum('updated'), removed: sum('removed'), ms: sum('ms') };
    if (opts.json) ctx.printJson({ model: modelId, sets: sets.map((s) => s.name), ...total, ms: Math.round(total.ms) });
    else ctx.print(ctx.msg.tagSummary(total.photos, total.labels, total.added, total.updated, total.removed, total.ms / 1000));
    return ExitCode.OK;
  } finally {
    library.close();
  }
}

function findSet(db: Parameters<typeof getLabelSet>[0], name: string) {
  const set = getLabelSet(db, name);
  if (set) return set;
  const names = listLabelSets(db).map((s) => s.name);
  throw new XuntuError('LABEL_SET_NOT_FOUND', `no label set "${name}"; the library has: ${names.join(', ') || '(none)'}`);
}

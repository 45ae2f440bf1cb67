import { XuntuError } from '../../errors.js';
import type { Library } from '../../library/library.js';
import { listLabelSets, requireLabelSet } from '../../tagging/label-set-store.js';
import { tagPhotos } from '../../tagging/retag-library.js';
import { sumRuns, tagUntaggedPhotos } from '../../tagging/tag-untagged.js';
import { withTaggingRuntime } from '../../tagging/tagging-runtime.js';
import type { CliContext } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';
import { withTaggingLibrary } from './tagging-library.js';

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
export function tagCommand(ctx: CliContext, opts: TagCliOptions): Promise<number> {
  return withTaggingLibrary(ctx, (library) => tagLibrary(ctx, library, opts));
}

async function tagLibrary(ctx: CliContext, { db }: Library, opts: TagCliOptions): Promise<number> {
  const sets = opts.set === undefined ? listLabelSets(db) : [requireLabelSet(db, opts.set)];
  if (sets.length === 0) {
    ctx.print(ctx.msg.noLabelSets);
    return ExitCode.OK;
  }
  return withTaggingRuntime(db, async (runtime) => {
    if (!runtime) throw new XuntuError('NO_ACTIVE_MODEL', 'no model chosen for this library: run xuntu model fetch or xuntu model import first');
    const total = opts.retag
      ? sumRuns([await tagPhotos(db, { modelId: runtime.modelId, encodeTexts: runtime.encode, setIds: sets.map((s) => s.id) })])
      : await tagUntaggedPhotos(db, runtime, sets);
    const { ms, ...counts } = total;
    if (opts.json) ctx.printJson({ model: runtime.modelId, sets: sets.map((s) => s.name), ...counts, ms: Math.round(ms) });
    else ctx.print(ctx.msg.tagSummary(counts.photos, counts.labels, counts.added, counts.updated, counts.removed, ms / 1000));
    return ExitCode.OK;
  });
}

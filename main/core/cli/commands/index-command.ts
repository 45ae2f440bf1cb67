import type { IndexSummary } from '../../indexer/index-library.js';
import { reasonFor } from '../../i18n/error-reasons.js';
import { indexWithActiveModel } from '../../search/model-runtime.js';
import type { CliContext } from '../cli-context.js';
import { displayPath } from '../display-path.js';
import { ExitCode } from '../exit-codes.js';
import { ProgressLine } from '../progress-line.js';
import { tagAfterIndexing } from './tag-after-indexing.js';

const ERRORS_SHOWN = 20;

export async function indexCommand(ctx: CliContext, folders: string[], opts: { json?: boolean }): Promise<number> {
  const library = ctx.openLibrary();
  try {
    const { msg } = ctx;
    if (folders.length === 0 && library.db.prepare('SELECT count(*) AS n FROM roots').pluck().get() === 0) {
      ctx.stderr.write(msg.noRoots + '\n');
      return ExitCode.USAGE;
    }
    // Progress goes to stderr and only on a terminal, so pipes and --json stay clean.
    const progress = !opts.json && ctx.stderr.isTTY ? new ProgressLine(ctx.stderr) : null;
    let tagging: Awaited<ReturnType<typeof tagAfterIndexing>> = { tagged: null, failed: false };
    const summary = await indexWithActiveModel(library, {
      onSearchable: async () => {
        tagging = await tagAfterIndexing(ctx, library.db);
      },
      roots: folders,
      signal: ctx.signal,
      onProgress: (p) => {
        if (!progress) return;
        if (p.phase === 'scan') progress.draw(msg.scanning(p.total));
        else progress.update(p.done, p.total, p.makingPreviews ? msg.previewProgress : msg.progress);
      },
    });
    progress?.end();
    const { modelError } = summary;
    if (modelError) ctx.stderr.write(`${msg.modelUnusable(reasonFor(modelError.code, modelError.message, ctx.lang))}\n`);
    const { tagged } = tagging;
    if (opts.json) {
      ctx.printJson({
        ...toJson(summary, ctx),
        modelError: modelError && { code: modelError.code, reason: reasonFor(modelError.code, modelError.message, ctx.lang) },
        tagged: tagged && { photos: tagged.photos, added: tagged.added, updated: tagged.updated, removed: tagged.removed },
      });
    }
    else {
      printSummary(ctx, summary);
      if (tagged && tagged.photos > 0) ctx.print(msg.tagSummary(tagged.photos, tagged.labels, tagged.added, tagged.updated, tagged.removed, tagged.ms / 1000));
    }
    if (summary.interrupted) return ExitCode.INTERRUPTED;
    return summary.failed > 0 || tagging.failed || modelError ? ExitCode.PARTIAL : ExitCode.OK;
  } finally {
    library.close();
  }
}

function toJson(s: IndexSummary, ctx: CliContext) {
  return {
    added: s.added, updated: s.updated, unchanged: s.unchanged, moved: s.moved, missing: s.missing,
    restored: s.restored, failed: s.failed, embedded: s.embedded, interrupted: s.interrupted,
    errors: s.errors.map((e) => ({ path: e.path, code: e.code, stage: e.stage, reason: reasonFor(e.code, e.message, ctx.lang) })),
    previews: s.previews, scanMs: s.scanMs, searchableMs: s.searchableMs, durationMs: s.durationMs,
  };
}

function printSummary(ctx: CliContext, s: IndexSummary): void {
  const { msg } = ctx;
  ctx.print(msg.indexDone({ ...s, seconds: (s.durationMs / 1000).toFixed(1) }));
  if (s.interrupted) ctx.print(msg.interrupted);
  if (s.errors.length > 0) {
    ctx.print(msg.failedHeader);
    for (const e of s.errors.slice(0, ERRORS_SHOWN)) ctx.print(`  ${displayPath(e.path)}: ${reasonFor(e.code, e.message, ctx.lang)}`);
    if (s.errors.length > ERRORS_SHOWN) ctx.print(msg.moreErrors(s.errors.length - ERRORS_SHOWN));
  }
}

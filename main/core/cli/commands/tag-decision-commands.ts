import type { Command } from 'commander';
import { XuntuError } from '../../errors.js';
import type { CliMessages } from '../../i18n/cli-messages.js';
import { reasonFor } from '../../i18n/error-reasons.js';
import type { Library } from '../../library/library.js';
import { PhotoStore } from '../../library/photo-store.js';
import { resolveLabel } from '../../tagging/label-set-store.js';
import { applyCorrection } from '../../tagging/apply-corrections.js';
import { photoTags } from '../../tagging/tag-store.js';
import { withTaggingRuntime } from '../../tagging/tagging-runtime.js';
import type { CliContext } from '../cli-context.js';
import { displayPath } from '../display-path.js';
import { ExitCode } from '../exit-codes.js';
import { withTaggingLibrary } from './tagging-library.js';

/** Adds `xuntu tags <photo>`, `xuntu confirm <label> <photo>…` and `xuntu reject <label> <photo>…`. */
export function registerTagDecisionCommands(program: Command, msg: CliMessages, context: () => CliContext, setExit: (code: number) => void): void {
  const run = async (command: (ctx: CliContext, library: Library) => number | Promise<number>) => {
    const ctx = context();
    setExit(await withTaggingLibrary(ctx, (library) => command(ctx, library)));
  };

  program
    .command('tags')
    .description(msg.cmdTags)
    .argument('<photo>')
    .option('--json', msg.optJson)
    .action((photo: string, opts: { json?: boolean }) => run((ctx, library) => tagsCommand(ctx, library, photo, opts)));

  for (const [name, decision, description] of [
    ['confirm', 'confirmed', msg.cmdConfirm],
    ['reject', 'rejected', msg.cmdReject],
  ] as const) {
    program
      .command(name)
      .description(description)
      .argument('<label>')
      .argument('<photos...>')
      .action((label: string, photos: string[]) => run((ctx, library) => decideCommand(ctx, library, decision, label, photos)));
  }
}

function tagsCommand(ctx: CliContext, library: Library, photo: string, opts: { json?: boolean }): number {
  const id = new PhotoStore(library.db).resolvePhoto(photo);
  const file = library.db.prepare('SELECT path FROM photos WHERE id = ?').pluck().get(id) as string;
  const tags = photoTags(library.db, id);
  if (opts.json) {
    ctx.printJson({ id, path: file, tags });
    return ExitCode.OK;
  }
  ctx.print(ctx.msg.photoTagsTitle(displayPath(file), id));
  if (tags.length === 0) ctx.print(ctx.msg.noTags);
  for (const t of tags) ctx.print(ctx.msg.photoTagLine(`${t.set}/${t.label}`, t.source, t.score));
  return ExitCode.OK;
}

/**
 * Records the user's word on a label for the photos named. A photo that cannot be found is reported and skipped;
 * the others are still recorded, and the exit status says not everything could be done.
 */
async function decideCommand(ctx: CliContext, library: Library, decision: 'confirmed' | 'rejected', labelRef: string, photos: string[]): Promise<number> {
  const label = resolveLabel(library.db, labelRef);
  const store = new PhotoStore(library.db);
  const ids = new Set<number>();
  let failed = 0;
  for (const ref of photos) {
    try {
      ids.add(store.resolvePhoto(ref));
    } catch (err) {
      if (!(err instanceof XuntuError)) throw err;
      failed++;
      ctx.stderr.write(`${ctx.msg.photoRefFailed(ref, reasonFor(err.code, err.message, ctx.lang))}\n`);
    }
  }
  // The label learns from the decision and its set is re-tagged, so the correction shows on other photos at once.
  const outcome = ids.size === 0 ? null : await withTaggingRuntime(library.db, (runtime) => applyCorrection(library.db, [...ids], label, decision, runtime));
  ctx.print(ctx.msg.tagsDecided(decision, `${label.setName}/${label.name}`, ids.size));
  const retag = outcome?.retag;
  if (retag) ctx.print(ctx.msg.tagSummary(retag.photos, retag.labels, retag.added, retag.updated, retag.removed, retag.ms / 1000));
  return failed > 0 ? ExitCode.FAILURE : ExitCode.OK;
}

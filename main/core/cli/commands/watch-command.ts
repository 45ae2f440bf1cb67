import { PhotoStore } from '../../library/photo-store.js';
import { reasonFor } from '../../i18n/error-reasons.js';
import { watchRoots } from '../../library/watch-roots.js';
import { indexWithActiveModel } from '../../search/model-runtime.js';
import type { CliContext } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';
import { tagAfterIndexing } from './tag-after-indexing.js';

/** Keeps the index in step with the roots until interrupted; runs never overlap, changes during a run queue up. */
export async function watchCommand(ctx: CliContext): Promise<number> {
  const library = ctx.openLibrary();
  const roots = new PhotoStore(library.db).roots().map((r) => r.path);
  if (roots.length === 0) {
    library.close();
    ctx.stderr.write(ctx.msg.noRoots + '\n');
    return ExitCode.USAGE;
  }
  ctx.print(ctx.msg.watching(roots.length));
  const queued = new Set<string>();
  let running: Promise<void> | null = null;
  const runQueued = async () => {
    while (queued.size > 0 && !ctx.signal.aborted) {
      const batch = [...queued];
      queued.clear();
      const s = await indexWithActiveModel(library, { roots: batch, signal: ctx.signal, onSearchable: async () => void (await tagAfterIndexing(ctx, library.db)) });
      ctx.print(ctx.msg.watchUpdate(s.added, s.updated, s.moved, s.missing, s.failed));
      if (s.modelError) ctx.stderr.write(`${ctx.msg.modelUnusable(reasonFor(s.modelError.code, s.modelError.message, ctx.lang))}\n`);
    }
    running = null;
  };
  const watcher = watchRoots(roots, (changed) => {
    for (const r of changed) queued.add(r);
    running ??= runQueued();
  });
  await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
  await watcher.close();
  await running;
  library.close();
  return ExitCode.OK;
}

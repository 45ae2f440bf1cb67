import { libraryStatus } from '../../library/photo-queries.js';
import type { CliContext } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';

export function statusCommand(ctx: CliContext, opts: { json?: boolean }): number {
  const library = ctx.openLibrary();
  try {
    const status = libraryStatus(library.db);
    if (opts.json) {
      ctx.printJson({ library: library.dir, ...status });
      return ExitCode.OK;
    }
    const { msg } = ctx;
    ctx.print(msg.statusLibrary(library.dir));
    ctx.print(msg.statusTotals(status.photos, status.missing, status.errors));
    for (const r of status.roots) {
      const last = r.lastScanAt ? new Date(r.lastScanAt).toLocaleString(ctx.lang === 'zh' ? 'zh-CN' : 'en-GB') : msg.never;
      ctx.print(msg.statusRoot(r.path, r.photos, r.missing, r.status === 'offline', last));
    }
    return ExitCode.OK;
  } finally {
    library.close();
  }
}

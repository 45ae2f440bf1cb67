import { listPhotos } from '../../library/photo-queries.js';
import { thumbnailPath } from '../../media/thumbnail-cache.js';
import type { CliContext } from '../cli-context.js';
import { displayPath } from '../display-path.js';
import { ExitCode } from '../exit-codes.js';

export interface ListOptions {
  json?: boolean;
  folder?: string;
  from?: string;
  to?: string;
  all?: boolean;
  limit?: number;
}

export function listCommand(ctx: CliContext, opts: ListOptions): number {
  const library = ctx.openLibrary();
  try {
    const photos = listPhotos(library.db, {
      folder: opts.folder, from: opts.from, to: opts.to, includeMissing: opts.all, limit: opts.limit,
    });
    if (opts.json) {
      ctx.printJson(
        photos.map((p) => ({
          ...p,
          thumbnail: thumbnailPath(library.cacheDir, p.contentHash, 'grid'),
          preview: thumbnailPath(library.cacheDir, p.contentHash, 'preview'),
        })),
      );
      return ExitCode.OK;
    }
    if (photos.length === 0) ctx.print(ctx.msg.noPhotos);
    for (const p of photos) {
      const taken = p.takenAt ?? '—';
      const flag = p.status === 'missing' ? ' [missing]' : '';
      ctx.print(`${String(p.id).padStart(6)}  ${taken.padEnd(25)}  ${`${p.width}×${p.height}`.padEnd(11)}  ${displayPath(p.path)}${flag}`);
    }
    return ExitCode.OK;
  } finally {
    library.close();
  }
}

import type { Db } from '../../db/open-database.js';
import { XuntuError } from '../../errors.js';
import { reasonFor } from '../../i18n/error-reasons.js';
import { tagNewPhotos, type TagRunTotals } from '../../tagging/tag-untagged.js';
import type { CliContext } from '../cli-context.js';

/**
 * Tags what an index run embedded. Tagging failing (say, a text tower that will not load) must not undo the run:
 * it is reported, and the next run tries again (the photos are still untagged).
 */
export async function tagAfterIndexing(ctx: CliContext, db: Db): Promise<{ tagged: TagRunTotals | null; failed: boolean }> {
  try {
    return { tagged: await tagNewPhotos(db), failed: false };
  } catch (err) {
    if (!(err instanceof XuntuError)) throw err;
    ctx.stderr.write(`${ctx.msg.taggingFailed(reasonFor(err.code, err.message, ctx.lang))}\n`);
    return { tagged: null, failed: true };
  }
}

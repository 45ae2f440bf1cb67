import { XuntuError } from '../../errors.js';
import { reasonFor } from '../../i18n/error-reasons.js';
import type { Library } from '../../library/library.js';
import { ensureBuiltinLabelSets } from '../../tagging/label-set-store.js';
import type { CliContext } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';

/** Errors that mean the command line named something that is not there or wrote a bad file: exit 2, not 1. */
const USAGE_CODES = new Set(['LABEL_SET_INVALID', 'LABEL_SET_UNREADABLE', 'LABEL_SET_NOT_FOUND', 'LABEL_SET_EXISTS', 'LABEL_NOT_FOUND', 'LABEL_AMBIGUOUS']);

/**
 * Runs a tagging command on the library, which gets the built-in label sets the first time one runs. A usage error
 * is printed the way main() prints any error, with exit status 2; the library is closed either way.
 */
export async function withTaggingLibrary(ctx: CliContext, run: (library: Library) => number | Promise<number>): Promise<number> {
  const library = ctx.openLibrary();
  try {
    ensureBuiltinLabelSets(library.db);
    return await run(library);
  } catch (err) {
    if (!(err instanceof XuntuError) || !USAGE_CODES.has(err.code)) throw err;
    ctx.stderr.write(`${ctx.msg.fatal(reasonFor(err.code, err.message, ctx.lang))}\n`);
    return ExitCode.USAGE;
  } finally {
    library.close();
  }
}

import type { Library } from '../../library/library.js';
import { ensureBuiltinLabelSets } from '../../tagging/label-set-store.js';
import type { CliContext } from '../cli-context.js';

/** Runs a tagging command on the library, which gets the built-in label sets the first time one runs; closed either way. */
export async function withTaggingLibrary(ctx: CliContext, run: (library: Library) => number | Promise<number>): Promise<number> {
  const library = ctx.openLibrary();
  try {
    ensureBuiltinLabelSets(library.db);
    return await run(library);
  } finally {
    library.close();
  }
}

import { listIndexErrors } from '../../library/photo-queries.js';
import { reasonFor } from '../../i18n/error-reasons.js';
import type { CliContext } from '../cli-context.js';
import { displayPath } from '../display-path.js';
import { ExitCode } from '../exit-codes.js';

export function errorsCommand(ctx: CliContext, opts: { json?: boolean }): number {
  const library = ctx.openLibrary();
  try {
    const errors = listIndexErrors(library.db).map((e) => ({ ...e, reason: reasonFor(e.code, e.message, ctx.lang) }));
    if (opts.json) ctx.printJson(errors.map(({ path, stage, code, reason, at }) => ({ path, stage, code, reason, at })));
    else if (errors.length === 0) ctx.print(ctx.msg.noErrors);
    else for (const e of errors) ctx.print(`${displayPath(e.path)}  [${e.code}]  ${e.reason}`);
    return ExitCode.OK;
  } finally {
    library.close();
  }
}

import type { Command } from 'commander';
import type { CliMessages } from '../../i18n/cli-messages.js';
import { reasonFor } from '../../i18n/error-reasons.js';
import { exportSidecars } from '../../xmp/export-sidecars.js';
import { importKeywords } from '../../xmp/import-keywords.js';
import type { XmpFailure } from '../../xmp/xmp-error-log.js';
import type { CliContext } from '../cli-context.js';
import { displayPath } from '../display-path.js';
import { ExitCode } from '../exit-codes.js';

const ERRORS_SHOWN = 20;

/** Adds `xuntu xmp export|import`; `setExit` carries the status (3 when some sidecars failed). */
export function registerXmpCommands(program: Command, msg: CliMessages, context: () => CliContext, setExit: (code: number) => void): void {
  const xmp = program.command('xmp').description(msg.cmdXmp);
  xmp
    .command('export')
    .description(msg.cmdXmpExport)
    .option('--confirmed-only', msg.optConfirmedOnly)
    .option('--json', msg.optJson)
    .action(async (opts: { confirmedOnly?: boolean; json?: boolean }) => {
      setExit(await xmpExportCommand(context(), opts));
    });
  xmp
    .command('import')
    .description(msg.cmdXmpImport)
    .option('--json', msg.optJson)
    .action(async (opts: { json?: boolean }) => {
      setExit(await xmpImportCommand(context(), opts));
    });
}

async function xmpExportCommand(ctx: CliContext, opts: { confirmedOnly?: boolean; json?: boolean }): Promise<number> {
  const library = ctx.openLibrary();
  try {
    const r = await exportSidecars(library.db, { includeAuto: !opts.confirmedOnly, signal: ctx.signal });
    if (opts.json) ctx.printJson({ written: r.written, unchanged: r.unchanged, failed: r.failed, interrupted: r.interrupted, errors: jsonErrors(ctx, r.errors) });
    else {
      ctx.print(ctx.msg.xmpExported(r.written, r.unchanged, r.failed));
      printFailures(ctx, r.errors, r.interrupted);
    }
    return exitCode(r);
  } finally {
    library.close();
  }
}

async function xmpImportCommand(ctx: CliContext, opts: { json?: boolean }): Promise<number> {
  const library = ctx.openLibrary();
  try {
    const r = await importKeywords(library.db, { signal: ctx.signal });
    if (opts.json) {
      const { photos, tags, unmatched, skipped, failed, interrupted } = r;
      ctx.printJson({ photos, tags, unmatched, skipped, failed, interrupted, errors: jsonErrors(ctx, r.errors) });
    } else {
      ctx.print(ctx.msg.xmpImported(r.photos, r.tags, r.unmatched));
      if (r.skipped.length > 0) {
        ctx.print(ctx.msg.xmpSkippedHeader);
        for (const s of r.skipped.slice(0, ERRORS_SHOWN)) ctx.print(`  ${JSON.stringify(s.keyword)}: ${s.reason}`);
        if (r.skipped.length > ERRORS_SHOWN) ctx.print(ctx.msg.xmpMoreSkipped(r.skipped.length - ERRORS_SHOWN));
      }
      printFailures(ctx, r.errors, r.interrupted);
    }
    return exitCode(r);
  } finally {
    library.close();
  }
}

function exitCode(r: { failed: number; interrupted: boolean }): number {
  if (r.interrupted) return ExitCode.INTERRUPTED;
  return r.failed > 0 ? ExitCode.PARTIAL : ExitCode.OK;
}

function jsonErrors(ctx: CliContext, errors: XmpFailure[]) {
  return errors.map((e) => ({ path: e.path, sidecar: e.sidecar, code: e.code, reason: reasonFor(e.code, e.message, ctx.lang) }));
}

function printFailures(ctx: CliContext, errors: XmpFailure[], interrupted: boolean): void {
  if (interrupted) ctx.print(ctx.msg.interrupted);
  if (errors.length === 0) return;
  ctx.print(ctx.msg.xmpFailedHeader);
  for (const e of errors.slice(0, ERRORS_SHOWN)) ctx.print(`  ${displayPath(e.sidecar ?? e.path)}: ${reasonFor(e.code, e.message, ctx.lang)}`);
  if (errors.length > ERRORS_SHOWN) ctx.print(ctx.msg.moreErrors(errors.length - ERRORS_SHOWN));
}

import fs from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { XuntuError, errorMessage } from '../../errors.js';
import type { CliMessages } from '../../i18n/cli-messages.js';
import type { Library } from '../../library/library.js';
import { labelSetFormatOf, parseLabelSetFile, serializeLabelSet, type LabelSetFormat } from '../../tagging/label-set-file.js';
import { resetLabel } from '../../tagging/label-adaptation.js';
import { deleteLabelSet, labelSetDefinition, listLabelSets, requireLabelSet, resolveLabel, saveLabelSet } from '../../tagging/label-set-store.js';
import { labelCounts } from '../../tagging/tag-store.js';
import type { CliContext } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';
import { retagEditedSet } from '../../tagging/apply-corrections.js';
import { withTaggingRuntime } from '../../tagging/tagging-runtime.js';
import { withTaggingLibrary } from './tagging-library.js';

/** Adds `xuntu labels list|show|import|export|delete|reset`. */
export function registerLabelCommands(program: Command, msg: CliMessages, context: () => CliContext, setExit: (code: number) => void): void {
  const labels = program.command('labels').description(msg.cmdLabels);
  const run = async (command: (ctx: CliContext, library: Library) => number | Promise<number>) => {
    const ctx = context();
    setExit(await withTaggingLibrary(ctx, (library) => command(ctx, library)));
  };

  labels
    .command('list')
    .description(msg.cmdLabelsList)
    .option('--json', msg.optJson)
    .action((opts: { json?: boolean }) => run((ctx, library) => listCommand(ctx, library, opts)));

  labels
    .command('show')
    .description(msg.cmdLabelsShow)
    .argument('<name>')
    .option('--json', msg.optJson)
    .action((name: string, opts: { json?: boolean }) => run((ctx, library) => showCommand(ctx, library, name, opts)));

  labels
    .command('import')
    .description(msg.cmdLabelsImport)
    .argument('<file>')
    .action((file: string) => run((ctx, library) => importCommand(ctx, library, file)));

  labels
    .command('export')
    .description(msg.cmdLabelsExport)
    .argument('<name>')
    .option('--format <format>', msg.optLabelFormat, formatArg(msg))
    .option('--output <file>', msg.optOutput)
    .action((name: string, opts: { format?: LabelSetFormat; output?: string }) => run((ctx, library) => exportCommand(ctx, library, name, opts)));

  labels
    .command('delete')
    .description(msg.cmdLabelsDelete)
    .argument('<name>')
    .action((name: string) =>
      run((ctx, library) => {
        const { set, removedDecisions } = deleteLabelSet(library.db, name);
        ctx.print(ctx.msg.labelSetDeleted(set.name));
        if (removedDecisions > 0) ctx.print(ctx.msg.decisionsRemoved(removedDecisions));
        return ExitCode.OK;
      }),
    );

  labels
    .command('reset')
    .description(msg.cmdLabelsReset)
    .argument('<label>')
    .action((ref: string) =>
      run((ctx, library) => {
        const label = resolveLabel(library.db, ref);
        const forgotten = resetLabel(library.db, label.id);
        ctx.print(ctx.msg.labelReset(`${label.setName}/${label.name}`, forgotten > 0));
        return ExitCode.OK;
      }),
    );
}

function formatArg(msg: CliMessages) {
  return (value: string): LabelSetFormat => {
    if (value !== 'yaml' && value !== 'json') throw new InvalidArgumentError(msg.badLabelFormat(value));
    return value;
  };
}

function listCommand(ctx: CliContext, library: Library, opts: { json?: boolean }): number {
  const sets = listLabelSets(library.db);
  if (opts.json) {
    ctx.printJson(sets.map((s) => ({ ...s, labels: s.labels.map((l) => l.name) })));
  } else if (sets.length === 0) {
    ctx.print(ctx.msg.noLabelSets);
  } else {
    for (const s of sets) ctx.print(ctx.msg.labelSetLine(s.name, s.labels.length, s.builtin, s.exclusive, s.description));
  }
  return ExitCode.OK;
}

function showCommand(ctx: CliContext, library: Library, name: string, opts: { json?: boolean }): number {
  const set = requireLabelSet(library.db, name);
  const counts = new Map(labelCounts(library.db).map((c) => [c.labelId, { auto: c.auto, confirmed: c.confirmed, rejected: c.rejected }]));
  const labels = set.labels.map((l) => ({ ...l, tags: counts.get(l.id) ?? { auto: 0, confirmed: 0, rejected: 0 } }));
  if (opts.json) {
    ctx.printJson({ ...set, labels });
    return ExitCode.OK;
  }
  ctx.print(ctx.msg.labelSetTitle(set.name, set.version, set.labels.length, set.builtin, set.exclusive));
  if (set.description) ctx.print(ctx.msg.labelSetDescription(set.description));
  for (const l of labels) ctx.print(ctx.msg.labelLine(l.name, l.phrasings, l.exclusions, l.threshold, l.tags));
  return ExitCode.OK;
}

/** A bad file changes nothing: it is parsed in full before the one transaction that stores it. */
async function importCommand(ctx: CliContext, library: Library, file: string): Promise<number> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new XuntuError('LABEL_SET_UNREADABLE', `${file}: ${errorMessage(err)}`, { cause: err });
  }
  const result = saveLabelSet(library.db, parseLabelSetFile(text, file));
  const { set } = result;
  if (result.created) ctx.print(ctx.msg.labelSetCreated(set.name, set.labels.length));
  else if (!result.changed) ctx.print(ctx.msg.labelSetUnchanged(set.name));
  else ctx.print(ctx.msg.labelSetUpdated(set.name, set.version, result.added, result.removed, result.updated));
  if (result.removedDecisions > 0) ctx.print(ctx.msg.decisionsRemoved(result.removedDecisions));
  if (!result.changed) return ExitCode.OK;
  // Editing a set re-tags the library from stored vectors (no image is read); without a model, the next index does.
  const relearn = set.labels.filter((l) => result.updated.includes(l.name));
  const retag = await withTaggingRuntime(library.db, async (runtime) => runtime && retagEditedSet(library.db, set.id, relearn, runtime));
  if (retag) ctx.print(ctx.msg.tagSummary(retag.photos, retag.labels, retag.added, retag.updated, retag.removed, retag.ms / 1000));
  return ExitCode.OK;
}

function exportCommand(ctx: CliContext, library: Library, name: string, opts: { format?: LabelSetFormat; output?: string }): number {
  const set = requireLabelSet(library.db, name);
  const format = opts.format ?? (opts.output ? labelSetFormatOf(opts.output, '') : 'yaml');
  const text = serializeLabelSet(labelSetDefinition(set), format);
  if (!opts.output) {
    ctx.stdout.write(text);
    return ExitCode.OK;
  }
  // Write-then-rename: an interrupted export never leaves half a label set under the name.
  fs.writeFileSync(`${opts.output}.tmp`, text);
  fs.renameSync(`${opts.output}.tmp`, opts.output);
  ctx.print(ctx.msg.labelSetExported(set.name, opts.output));
  return ExitCode.OK;
}

import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { findModel, loadCatalog, type CatalogEntry } from '../../../../models/catalog.js';
import { loadBertTokenizer } from '../../clip/bert-tokenizer.js';
import { importHooks } from '../../clip/model-import.js';
import { cliMessages, type CliMessages } from '../../i18n/cli-messages.js';
import { detectLang, parseLang, type Lang } from '../../i18n/locale.js';
import { activeModel, setActiveModel, type ActiveModel } from '../../models/active-model.js';
import { fetchModel, type SourceChoice } from '../../models/fetch-model.js';
import type { ImportModelHook } from '../../models/import-hook.js';
import { importModelFolder, type InstalledVariant } from '../../models/import-model.js';
import { ModelStore, resolveModelsDir } from '../../models/model-store.js';
import { readInstallRecord } from '../../models/install-record.js';
import { assertModelIntact, describeProblems, verifyModel } from '../../models/verify-model.js';
import type { Library } from '../../library/library.js';
import type { CliContext } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';
import { ProgressLine } from '../progress-line.js';
import { importFolderToStore } from '../../models/folder-import.js';
import { catalogIdOf, resolveInstalledModel } from '../../models/resolve-installed.js';

interface ModelsDirOpt {
  modelsDir?: string;
}

/** The language for help texts, decided the way main() does before any context exists. */
function helpLang(): Lang {
  const argv = process.argv;
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const explicit = i < 0 ? undefined : argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  return parseLang(explicit) ?? detectLang(process.env);
}

/**
 * Adds `xuntu model list|fetch|import|use|verify` and `xuntu tokenize`. Errors thrown as XuntuError reach main(),
 * which prints them in the user's language and exits 1; `setExit` carries every other status.
 */
export function registerModelCommands(program: Command, context: () => CliContext, setExit: (code: number) => void): void {
  // Help texts are built before a context exists; the program's own description tells which language main() chose.
  const msg = pickMessages(program);
  const storeOf = (opts: ModelsDirOpt) => new ModelStore(resolveModelsDir(opts.modelsDir, context().env));
  const modelsDirOption = () => new Option('--models-dir <dir>', msg.optModelsDir);

  const model = program.command('model').description(msg.cmdModel);

  model
    .command('list')
    .description(msg.cmdModelList)
    .option('--json', msg.optJson)
    .addOption(modelsDirOption())
    .action(async (opts: { json?: boolean } & ModelsDirOpt) => {
      setExit(await listModels(context(), storeOf(opts), opts));
    });

  model
    .command('fetch')
    .description(msg.cmdModelFetch)
    .argument('<id>')
    .option('--variant <variant>', msg.optVariant)
    .option('--endpoint <url>', msg.optEndpoint)
    .addOption(new Option('--source <source>', msg.optSource).choices(['huggingface', 'modelscope', 'auto']).default('auto'))
    .option('--no-use', msg.optNoUse)
    .addOption(modelsDirOption())
    .action(async (id: string, opts: { variant?: string; endpoint?: string; source: SourceChoice; use: boolean } & ModelsDirOpt) => {
      setExit(await fetchCommand(context(), id, opts));
    });

  model
    .command('import')
    .description(msg.cmdModelImport)
    .argument('<dir>')
    .option('--id <id>', msg.optModelId)
    .option('--vocab <file>', msg.optVocab)
    .option('--variant <variant>', msg.optVariant)
    .option('--no-use', msg.optNoUse)
    .addOption(modelsDirOption())
    .action(async (dir: string, opts: { id?: string; vocab?: string; variant?: string; use: boolean } & ModelsDirOpt) => {
      setExit(await importCommand(context(), storeOf(opts), dir, opts));
    });

  model
    .command('use')
    .description(msg.cmdModelUse)
    .argument('<model>')
    .addOption(modelsDirOption())
    .action(async (spec: string, opts: ModelsDirOpt) => {
      const ctx = context();
      const dir = await resolveInstalledModel(storeOf(opts), spec, ctx.msg.modelNotInstalled);
      // An install is re-hashed against its record before it is used; a folder converted by hand has no record.
      if (await readInstallRecord(dir)) await assertModelIntact(dir);
      setExit(await withLibrary(ctx, async (library) => useModel(ctx, library, dir)));
    });

  model
    .command('verify')
    .description(msg.cmdModelVerify)
    .argument('[model]')
    .option('--json', msg.optJson)
    .addOption(modelsDirOption())
    .action(async (spec: string | undefined, opts: { json?: boolean } & ModelsDirOpt) => {
      setExit(await verifyCommand(context(), storeOf(opts), spec, opts));
    });

  program
    .command('tokenize')
    .description(msg.cmdTokenize)
    .argument('<text...>')
    .option('--vocab <file>', msg.optVocab)
    .option('--context-length <n>', msg.optContextLength, contextLengthArg(msg))
    .action(async (texts: string[], opts: { vocab?: string; contextLength?: number }) => {
      setExit(await tokenizeCommand(context(), texts, opts));
    });
}

/** The messages in the language main() built the program's help in (it set the description from them). */
function pickMessages(program: Command): CliMessages {
  const description = program.description();
  for (const lang of Object.keys(cliMessages) as Lang[]) {
    if (cliMessages[lang].programDescription === description) return cliMessages[lang] as CliMessages;
  }
  return cliMessages[helpLang()] as CliMessages;
}

function contextLengthArg(msg: CliMessages) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 2) throw new InvalidArgumentError(msg.badNumber(value));
    return n;
  };
}

async function withLibrary<T>(ctx: CliContext, run: (library: Library) => Promise<T>): Promise<T> {
  const library = ctx.openLibrary();
  try {
    return await run(library);
  } finally {
    library.close();
  }
}

async function currentModel(library: Library): Promise<ActiveModel | null> {
  return activeModel(library.db);
}

async function useModel(ctx: CliContext, library: Library, dir: string): Promise<number> {
  const active = await setActiveModel(library.db, dir);
  ctx.print(ctx.msg.modelNowActive(active.manifest.id));
  return ExitCode.OK;
}

async function listModels(ctx: CliContext, store: ModelStore, opts: { json?: boolean }): Promise<number> {
  const { msg } = ctx;
  const installed = await store.listInstalled();
  let active: ActiveModel | null = null;
  let activeProblem: string | undefined;
  await withLibrary(ctx, async (library) => {
    try {
      active = await currentModel(library);
    } catch (err) {
      activeProblem = err instanceof Error ? err.message : String(err);
    }
  });
  const activeDir = (active as ActiveModel | null)?.dir;
  const isActive = (dir: string) => activeDir !== undefined && path.resolve(dir) === path.resolve(activeDir);
  const catalog = loadCatalog().models;

  if (opts.json) {
    ctx.printJson({
      modelsDir: store.dir,
      active: active ? { id: (active as ActiveModel).manifest.id, dir: (active as ActiveModel).dir } : null,
      ...(activeProblem && { activeProblem }),
      catalog: catalog.map((m) => ({
        id: m.id,
        name: m.displayName,
        dim: m.embeddingDim,
        variants: m.variants.map((v) => v.id),
        defaultVariant: m.defaultVariant,
        default: m.default,
        downloadable: Object.keys(m.sources).length > 0,
        installed: installed.filter((i) => i.id === m.id).map((i) => i.variant),
      })),
      installed: installed.map((i) => ({
        id: i.id,
        variant: i.variant,
        dir: i.dir,
        manifestId: i.manifest?.id ?? null,
        dim: i.manifest?.embeddingDim ?? null,
        active: isActive(i.dir),
        ...(i.problem && { problem: i.problem }),
      })),
    });
    return ExitCode.OK;
  }

  ctx.print(msg.modelCatalogHeader);
  for (const m of catalog) {
    ctx.print(msg.modelCatalogLine(m.id, m.displayName[ctx.lang], m.embeddingDim, m.variants.map((v) => v.id).join(', '), m.default, Object.keys(m.sources).length > 0));
  }
  ctx.print(msg.modelInstalledHeader(store.dir));
  if (installed.length === 0) ctx.print(msg.noModelsInstalled);
  for (const i of installed) ctx.print(msg.modelInstalledLine(i.id, i.variant, isActive(i.dir), i.problem));
  if (active) ctx.print(msg.modelActive((active as ActiveModel).manifest.id, (active as ActiveModel).dir));
  else if (activeProblem) ctx.print(msg.fatal(activeProblem));
  else ctx.print(msg.noActiveModel);
  return ExitCode.OK;
}

const mb = (bytes: number | undefined) => (bytes === undefined ? '?' : (bytes / 1e6).toFixed(1));

async function fetchCommand(
  ctx: CliContext,
  id: string,
  opts: { variant?: string; endpoint?: string; source: SourceChoice; use: boolean } & ModelsDirOpt,
): Promise<number> {
  const { msg } = ctx;
  const entry = findModel(loadCatalog(), id);
  const progress = ctx.stderr.isTTY ? new ProgressLine(ctx.stderr) : null;
  let result;
  try {
    result = await fetchModel(entry.id, {
      importModel: importHooks[entry.format],
      source: opts.source,
      ...(opts.variant && { variant: opts.variant }),
      ...(opts.endpoint && { endpoint: opts.endpoint }),
      ...(opts.modelsDir && { modelsDir: opts.modelsDir }),
      env: ctx.env,
      signal: ctx.signal,
      onProgress: (p) => {
        if (!progress) return;
        const total = p.total ?? p.received;
        progress.update(p.received, total, (_done, _total, _rate, eta) => msg.fetchProgress(p.file, p.index + 1, p.count, mb(p.received), mb(p.total), eta));
      },
    });
  } catch (err) {
    progress?.end();
    if (ctx.signal.aborted) {
      ctx.stderr.write(msg.interrupted + '\n');
      return ExitCode.INTERRUPTED;
    }
    throw err;
  }
  progress?.end();
  ctx.print(result.alreadyInstalled ? msg.modelAlreadyInstalled(result.id, result.variant, result.dir) : msg.modelFetched(result.id, result.variant, result.dir));
  if (!opts.use) return ExitCode.OK;
  const dir = result.dir;
  return withLibrary(ctx, (library) => useModel(ctx, library, dir));
}

/** A catalog hook that also gets the user's vocabulary, for exports that ship none (OFA-Sys). */
function hookFor(entry: CatalogEntry, vocabFile: string | undefined): ImportModelHook {
  const hook = importHooks[entry.format];
  if (!vocabFile) return hook;
  const vocab = path.resolve(vocabFile);
  return (sourceDir, catalogEntry, variant, destDir) => hook(sourceDir, { ...catalogEntry, vocabFile: vocab }, variant, destDir);
}

async function importCommand(
  ctx: CliContext,
  store: ModelStore,
  dir: string,
  opts: { id?: string; vocab?: string; variant?: string; use: boolean },
): Promise<number> {
  const entry = opts.id === undefined ? undefined : loadCatalog().models.find((m) => m.id === opts.id);
  let result: InstalledVariant;
  if (entry) {
    result = await importModelFolder(dir, entry.id, {
      importModel: hookFor(entry, opts.vocab),
      modelsDir: store.dir,
      ...(opts.variant && { variant: opts.variant }),
    });
  } else {
    result = await importFolderToStore(store, dir, {
      ...(opts.id && { id: opts.id }),
      ...(opts.variant && { variant: opts.variant }),
      ...(opts.vocab && { vocabFile: opts.vocab }),
    });
  }
  ctx.print(ctx.msg.modelImported(result.manifest.id, result.dir));
  if (!opts.use) return ExitCode.OK;
  return withLibrary(ctx, (library) => useModel(ctx, library, result.dir));
}

async function verifyCommand(ctx: CliContext, store: ModelStore, spec: string | undefined, opts: { json?: boolean }): Promise<number> {
  const { msg } = ctx;
  let dir: string;
  if (spec !== undefined) {
    dir = await resolveInstalledModel(store, spec, msg.modelNotInstalled);
  } else {
    const active = await withLibrary(ctx, currentModel);
    if (!active) {
      ctx.stderr.write(msg.noActiveModel + '\n');
      return ExitCode.FAILURE;
    }
    dir = active.dir;
  }
  const check = await verifyModel(dir);
  const problems = describeProblems(check);
  const catalogId = catalogIdOf(store, dir);
  const downloadable = catalogId !== undefined && Object.keys(findModel(loadCatalog(), catalogId).sources).length > 0;
  const advice = check.ok ? undefined : downloadable ? msg.modelAdviceFetch(catalogId!) : msg.modelAdviceImport;
  const id = check.manifest?.id ?? catalogId ?? path.basename(dir);
  if (opts.json) {
    ctx.printJson({ id, dir, ok: check.ok, problems, files: check.files, ...(advice && { advice }) });
  } else if (check.ok) {
    ctx.print(msg.modelVerifyOk(id, dir));
  } else {
    ctx.print(msg.modelVerifyFailed(dir));
    for (const p of problems) ctx.print(`  ${p}`);
    ctx.print(advice!);
  }
  return check.ok ? ExitCode.OK : ExitCode.FAILURE;
}

async function tokenizeCommand(ctx: CliContext, texts: string[], opts: { vocab?: string; contextLength?: number }): Promise<number> {
  let tokenizerFile = opts.vocab;
  let contextLength = opts.contextLength;
  let lowercase: boolean | undefined;
  if (tokenizerFile === undefined) {
    const active = await withLibrary(ctx, currentModel);
    const named = active && (active.manifest.files.tokenizerJson ?? active.manifest.files.vocab);
    if (!active || !named) {
      ctx.stderr.write(ctx.msg.tokenizeNeedsVocab + '\n');
      return ExitCode.USAGE;
    }
    tokenizerFile = path.join(active.dir, named);
    contextLength ??= active.manifest.text.contextLength;
    lowercase = active.manifest.text.lowercase;
  }
  const isJson = tokenizerFile.toLowerCase().endsWith('.json');
  const tokenizer = await loadBertTokenizer({
    ...(isJson ? { tokenizerJsonFile: tokenizerFile } : { vocabFile: tokenizerFile }),
    ...(contextLength !== undefined && { contextLength }),
    ...(lowercase !== undefined && { lowercase }),
  });
  const { inputIds, length } = tokenizer.encodeBatch(texts);
  const rows = texts.map((_, r) => Array.from(inputIds.subarray(r * length, (r + 1) * length), Number));
  ctx.print(JSON.stringify(rows));
  return ExitCode.OK;
}

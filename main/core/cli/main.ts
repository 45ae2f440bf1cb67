import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { XuntuError, errorMessage } from '../errors.js';
import { cliMessages, type CliMessages } from '../i18n/cli-messages.js';
import { reasonFor } from '../i18n/error-reasons.js';
import { detectLang, parseLang } from '../i18n/locale.js';
import { createCliContext, type CliContext } from './cli-context.js';
import { doctorCommand } from './commands/doctor-command.js';
import { errorsCommand } from './commands/errors-command.js';
import { indexCommand } from './commands/index-command.js';
import { registerLabelCommands } from './commands/label-commands.js';
import { listCommand } from './commands/list-command.js';
import { registerModelCommands } from './commands/model-commands.js';
import { serveCommand } from './commands/serve-command.js';
import { duplicatesCommand, searchCommand, similarCommand } from './commands/search-commands.js';
import { statusCommand } from './commands/status-command.js';
import { registerTagDecisionCommands } from './commands/tag-decision-commands.js';
import { tagCommand } from './commands/tag-command.js';
import { watchCommand } from './commands/watch-command.js';
import { registerXmpCommands } from './commands/xmp-commands.js';
import { ExitCode, USAGE_ERROR_CODES } from './exit-codes.js';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

/** Runs the `xuntu` command line and resolves to its exit status (see exit-codes.ts). */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  // The language must be known before commander builds its help texts.
  const langArg = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const explicit = langArg < 0 ? undefined : argv[langArg]!.includes('=') ? argv[langArg]!.split('=')[1] : argv[langArg + 1];
  const lang = parseLang(explicit) ?? detectLang(io.env);
  const msg = cliMessages[lang] as CliMessages;

  const abort = new AbortController();
  const onSignal = () => {
    // A second Ctrl+C means "now": the database is consistent after every committed batch.
    if (abort.signal.aborted) process.exit(ExitCode.INTERRUPTED);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let exitCode: number = ExitCode.OK;
  const context = (): CliContext =>
    createCliContext({ lang, library: program.opts<{ library?: string }>().library, signal: abort.signal, stdout: io.stdout, stderr: io.stderr, env: io.env });

  const program = new Command('xuntu')
    .description(msg.programDescription)
    .option('--library <dir>', msg.optLibrary)
    .option('--lang <lang>', msg.optLang)
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride();

  program
    .command('index')
    .description(msg.cmdIndex)
    .argument('[folders...]')
    .option('--json', msg.optJson)
    .action(async (folders: string[], opts: { json?: boolean }) => {
      exitCode = await indexCommand(context(), folders, opts);
    });

  program
    .command('list')
    .description(msg.cmdList)
    .option('--json', msg.optJson)
    .option('--folder <folder>', msg.optFolder)
    .option('--from <date>', msg.optFrom, dateArg(msg))
    .option('--to <date>', msg.optTo, dateArg(msg))
    .option('--all', msg.optAll)
    .option('--limit <n>', msg.optLimit, positiveInt(msg))
    .action((opts) => {
      exitCode = listCommand(context(), opts);
    });

  const addFilters = (cmd: Command) =>
    cmd
      .option('--json', msg.optJson)
      .option('--limit <n>', msg.optLimit, positiveInt(msg))
      .option('--folder <folder>', msg.optFolder)
      .option('--from <date>', msg.optFrom, dateArg(msg))
      .option('--to <date>', msg.optTo, dateArg(msg))
      .option('--sort <order>', msg.optSort, sortArg(msg))
      .option('--tag <label>', msg.optTag, (value: string, previous: string[] = []) => [...previous, value]);

  addFilters(program.command('search').description(msg.cmdSearch).argument('[query...]')).action(
    async (words: string[], opts) => {
      if (words.length === 0 && !opts.tag) {
        io.stderr.write(`${msg.searchNeedsQuery}\n`);
        exitCode = ExitCode.USAGE;
        return;
      }
      exitCode = await searchCommand(context(), words.join(' '), opts);
    },
  );

  addFilters(program.command('similar').description(msg.cmdSimilar).argument('<photo>')).action(async (photo: string, opts) => {
    exitCode = await similarCommand(context(), photo, opts);
  });

  program
    .command('duplicates')
    .description(msg.cmdDuplicates)
    .option('--json', msg.optJson)
    .option('--threshold <t>', msg.optThreshold, unitInterval(msg))
    .action(async (opts: { json?: boolean; threshold?: number }) => {
      exitCode = await duplicatesCommand(context(), opts);
    });

  program
    .command('status')
    .description(msg.cmdStatus)
    .option('--json', msg.optJson)
    .action((opts: { json?: boolean }) => {
      exitCode = statusCommand(context(), opts);
    });

  program
    .command('errors')
    .description(msg.cmdErrors)
    .option('--json', msg.optJson)
    .action((opts: { json?: boolean }) => {
      exitCode = errorsCommand(context(), opts);
    });

  program
    .command('doctor')
    .description(msg.cmdDoctor)
    .option('--repair', msg.optRepair)
    .option('--json', msg.optJson)
    .option('--models-dir <dir>', msg.optModelsDir)
    .action(async (opts: { repair?: boolean; json?: boolean; modelsDir?: string }) => {
      exitCode = await doctorCommand(context(), opts);
    });

  program
    .command('watch')
    .description(msg.cmdWatch)
    .action(async () => {
      exitCode = await watchCommand(context());
    });

  program
    .command('tag')
    .description(msg.cmdTag)
    .option('--set <name>', msg.optTagSet)
    .option('--retag', msg.optRetag)
    .option('--json', msg.optJson)
    .action(async (opts: { set?: string; retag?: boolean; json?: boolean }) => {
      exitCode = await tagCommand(context(), opts);
    });

  registerModelCommands(program, context, (c) => (exitCode = c));
  registerLabelCommands(program, msg, context, (c) => (exitCode = c));
  registerTagDecisionCommands(program, msg, context, (c) => (exitCode = c));
  registerXmpCommands(program, msg, context, (c) => (exitCode = c));

  program
    .command('serve')
    .description(msg.cmdServe)
    .option('--port <n>', msg.optPort, portArg(msg))
    .option('--no-open', msg.optNoOpen)
    .option('--models-dir <dir>', msg.optModelsDir)
    .action(async (opts: { port?: number; open: boolean; modelsDir?: string }) => {
      exitCode = await serveCommand(context(), opts);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help'
        ? ExitCode.OK
        : ExitCode.USAGE;
    }
    const text = err instanceof XuntuError ? reasonFor(err.code, err.message, lang) : errorMessage(err);
    io.stderr.write(msg.fatal(text) + '\n');
    return err instanceof XuntuError && USAGE_ERROR_CODES.has(err.code) ? ExitCode.USAGE : ExitCode.FAILURE;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function dateArg(msg: CliMessages) {
  return (value: string): string => {
    if (!/^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?)?)?)?$/.test(value)) throw new InvalidArgumentError(msg.badDate(value));
    return value;
  };
}

function sortArg(msg: CliMessages) {
  return (value: string): 'score' | 'date' => {
    if (value !== 'score' && value !== 'date') throw new InvalidArgumentError(msg.badSort(value));
    return value;
  };
}

function unitInterval(msg: CliMessages) {
  return (value: string): number => {
    const n = Number(value);
    if (!(n > 0 && n <= 1)) throw new InvalidArgumentError(msg.badNumber(value));
    return n;
  };
}

function portArg(msg: CliMessages) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(msg.badNumber(value));
    return n;
  };
}

function positiveInt(msg: CliMessages) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(msg.badNumber(value));
    return n;
  };
}

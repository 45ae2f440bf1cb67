import { openLibrary, type Library } from '../library/library.js';
import { resolveLibraryDir } from '../library/library-dir.js';
import { cliMessages, type CliMessages } from '../i18n/cli-messages.js';
import type { Lang } from '../i18n/locale.js';

/** What every command needs: where to write, in which language, and the library the user chose. */
export interface CliContext {
  lang: Lang;
  msg: CliMessages;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WriteStream;
  libraryDir: string;
  /** Where the models folder comes from (XUNTU_MODELS): the CLI's own environment, which tests replace. */
  env: NodeJS.ProcessEnv;
  openLibrary(): Library;
  /** Fires on Ctrl+C / SIGTERM so long commands stop cleanly. */
  signal: AbortSignal;
  print(line: string): void;
  printJson(value: unknown): void;
}

export function createCliContext(opts: {
  lang: Lang;
  library: string | undefined;
  signal: AbortSignal;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}): CliContext {
  const libraryDir = resolveLibraryDir(opts.library);
  return {
    lang: opts.lang,
    msg: cliMessages[opts.lang] as CliMessages,
    stdout: opts.stdout,
    stderr: opts.stderr,
    libraryDir,
    env: opts.env,
    openLibrary: () => openLibrary(libraryDir),
    signal: opts.signal,
    print: (line) => opts.stdout.write(line + '\n'),
    printJson: (value) => opts.stdout.write(JSON.stringify(value, null, 2) + '\n'),
  };
}

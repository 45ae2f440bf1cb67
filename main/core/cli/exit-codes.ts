/** The CLI's exit statuses, for scripts that call it. */
export const ExitCode = {
  OK: 0,
  /** Nothing (or not everything) could be done: a fatal error such as a database from a newer Xuntu. */
  FAILURE: 1,
  /** Wrong command line. */
  USAGE: 2,
  /** The command completed, but some files could not be indexed (listed in the output and in `xuntu errors`). */
  PARTIAL: 3,
  /** Stopped by Ctrl+C / SIGTERM; finished work is saved. */
  INTERRUPTED: 130,
} as const;

/** Errors that mean the command line named something that is not there or pointed at a bad file: exit 2, not 1. */
export const USAGE_ERROR_CODES: ReadonlySet<string> = new Set([
  'LABEL_SET_INVALID',
  'LABEL_SET_UNREADABLE',
  'LABEL_SET_NOT_FOUND',
  'LABEL_SET_EXISTS',
  'LABEL_NOT_FOUND',
  'LABEL_AMBIGUOUS',
]);

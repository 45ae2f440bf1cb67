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

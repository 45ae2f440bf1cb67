/** The part of Electron's 'before-quit' event the shutdown uses. */
export interface QuitEvent {
  preventDefault(): void;
}

/**
 * A 'before-quit' listener that holds the quit until `close` has run: indexing stops after the batch being written
 * is committed, the inference workers stop and the database closes. The first quit starts that and is held; quits
 * asked for meanwhile are held too (the close is already under way); once it has finished, `exit` ends the app
 * (with code 1 if closing failed, so nothing is reported as clean that was not).
 */
export function gracefulQuit(close: () => Promise<void>, exit: (code: number) => void, onError: (err: unknown) => void): (event: QuitEvent) => void {
  let closing = false;
  return (event) => {
    event.preventDefault();
    if (closing) return;
    closing = true;
    close().then(
      () => exit(0),
      (err: unknown) => {
        onError(err);
        exit(1);
      },
    );
  };
}

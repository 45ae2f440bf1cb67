/**
 * An error with a stable machine-readable code. Codes cross process and IPC boundaries and are what the UI and CLI
 * translate; the message is the English detail for logs.
 */
export class XuntuError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'XuntuError';
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

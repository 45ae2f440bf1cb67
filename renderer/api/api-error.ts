import type { IpcFailure } from '../../main/common/ipc-contract.js';

/** A failed call: `code` is stable (translate it), `message` is already in the UI's language where the core has words for it. */
export class ApiError extends Error {
  readonly code: string;

  constructor(failure: Pick<IpcFailure, 'code' | 'message'>) {
    super(failure.message);
    this.name = 'ApiError';
    this.code = failure.code;
  }
}

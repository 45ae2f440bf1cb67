import { z } from 'zod';
import { CONTRACT_ERRORS, channels, isChannel, type Channel, type IpcResult } from '../../common/ipc-contract.js';
import { XuntuError, errorMessage } from '../errors.js';
import { reasonFor } from '../i18n/error-reasons.js';
import type { AppService } from './app-service.js';

/**
 * One call through the contract, for every transport: the channel must exist, the payload must pass its schema
 * (nothing runs otherwise), and whatever happens the answer is the envelope, with a stable code on failure.
 */
export async function invokeChannel(service: AppService, channel: unknown, payload: unknown): Promise<IpcResult<unknown>> {
  if (!isChannel(channel)) return { ok: false, code: CONTRACT_ERRORS.UNKNOWN_CHANNEL, message: `no channel ${String(channel).slice(0, 100)}` };
  const parsed = channels[channel].request.safeParse(payload);
  if (!parsed.success) return { ok: false, code: CONTRACT_ERRORS.INVALID_REQUEST, message: `${channel}: ${z.prettifyError(parsed.error)}` };
  try {
    const handler = service.handlers[channel] as (request: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    return failure(service, channel, err);
  }
}

function failure(service: AppService, channel: Channel, err: unknown): IpcResult<never> {
  if (err instanceof XuntuError) return { ok: false, code: err.code, message: reasonFor(err.code, err.message, service.lang()) };
  return { ok: false, code: CONTRACT_ERRORS.INTERNAL, message: `${channel}: ${errorMessage(err)}` };
}

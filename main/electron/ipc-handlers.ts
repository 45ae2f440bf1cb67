import { CHANNELS, type AppEvent, type IpcResult } from '../common/ipc-contract.js';
import type { AppService } from '../core/app/app-service.js';
import { invokeChannel } from '../core/app/invoke-channel.js';
import { isAppUrl } from './app-origin.js';
import { EVENT_CHANNEL } from './ipc-wire.js';

/** What the sender check reads of an `ipcMain.handle` event (Electron's IpcMainInvokeEvent has these). */
export interface InvokeEvent {
  sender: { id: number };
  /** Null once the frame has navigated away or gone. */
  senderFrame: { url: string; parent: unknown } | null;
}

/** The part of ipcMain the registration uses. */
export interface InvokeRegistrar {
  handle(channel: string, listener: (event: InvokeEvent, payload: unknown) => Promise<IpcResult<unknown>>): void;
}

/** Returned, never thrown, to a sender that fails the check: the same envelope every other failure uses. */
export const FORBIDDEN: IpcResult<never> = { ok: false, code: 'FORBIDDEN', message: 'this frame may not call the app' };

/**
 * Only the top frame of one of our own windows, while it shows the app's own origin, may call the core. A frame the
 * page embedded, a window some other code opened, or a page that somehow navigated elsewhere gets FORBIDDEN.
 */
export function isTrustedSender(event: InvokeEvent, isOurWebContents: (id: number) => boolean): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isOurWebContents(event.sender.id) && isAppUrl(frame.url);
}

/**
 * One handler per contract channel, made by walking the contract (a channel added there is served here with no
 * further code). Each checks the sender, then invokeChannel parses the payload with the channel's schema before
 * the core sees it and answers the { ok, … } envelope.
 */
export function registerIpcHandlers(ipcMain: InvokeRegistrar, service: AppService, isOurWebContents: (id: number) => boolean): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, payload) =>
      isTrustedSender(event, isOurWebContents) ? invokeChannel(service, channel, payload) : FORBIDDEN,
    );
  }
}

/** A window's webContents as the event forwarding sees it. */
export interface EventTarget {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** Pushes every service event to every live window on the one event channel; returns the unsubscribe. */
export function forwardEvents(service: Pick<AppService, 'events'>, targets: () => Iterable<EventTarget>): () => void {
  return service.events.subscribe((event: AppEvent, payload: unknown) => {
    for (const target of targets()) if (!target.isDestroyed()) target.send(EVENT_CHANNEL, event, payload);
  });
}

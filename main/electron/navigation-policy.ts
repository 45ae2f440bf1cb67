import type { Session, WebContents } from 'electron';
import { isAppUrl } from './app-origin.js';

/** The page may only ever show the app itself: a link or script cannot turn the window into a browser. */
export function mayNavigate(url: string): boolean {
  return isAppUrl(url);
}

/**
 * The http(s) address to hand to the system browser for a link the page tried to open, or null to drop it. Only
 * plain web addresses qualify: file:, javascript:, custom protocols (which could launch other programs through
 * shell.openExternal) and addresses carrying credentials are refused.
 */
export function externalLinkTarget(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  if (parsed.username !== '' || parsed.password !== '' || parsed.hostname === '') return null;
  return parsed.href;
}

/**
 * Holds one window's webContents to the app: navigation away is cancelled in every frame ('will-frame-navigate'
 * fires for the main frame too, so 'will-navigate' would only duplicate it) and on server redirects, new windows
 * are never created, <webview> never attaches. A web link the user followed opens in the system browser instead,
 * after externalLinkTarget's check; a redirect is not the user's choice, so it is only cancelled.
 */
export function applyNavigationPolicy(contents: WebContents, openExternal: (url: string) => void): void {
  contents.on('will-frame-navigate', (details) => {
    if (mayNavigate(details.url)) return;
    details.preventDefault();
    const target = externalLinkTarget(details.url);
    if (target) openExternal(target);
  });
  contents.on('will-redirect', (details) => {
    if (!mayNavigate(details.url)) details.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const target = externalLinkTarget(url);
    if (target) openExternal(target);
    return { action: 'deny' };
  });
}

/** The app needs no camera, location, notifications, clipboard reads or devices: every request and check says no. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

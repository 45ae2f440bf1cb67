/**
 * The renderer is served from app://xuntu/ (app-protocol.ts says why not file://). Its origin is the one trusted
 * origin: navigation may stay on it, and IPC is answered only for frames on it.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'xuntu';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** Whether `url` is a page of the app itself. Compares parsed scheme and host, never string prefixes (which
 *  'app://xuntu.evil/' or 'app://xuntu@evil/' would pass). */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

import fs from 'node:fs/promises';
import type { CustomScheme, Protocol } from 'electron';
import { MEDIA_SCHEME } from '../common/ipc-contract.js';
import { mediaFile, realMediaFile } from '../core/serve/media-path.js';
import { staticFile } from '../core/serve/static-files.js';
import { APP_HOST, APP_SCHEME } from './app-origin.js';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.js';

/**
 * Why app:// and not file://: a file:// page's origin is the local file system, so 'self' in the CSP, the IPC
 * sender check and the navigation policy would all have to trust every file on the disk, and responses could carry
 * no headers (no CSP header, no nosniff). A standard, secure custom scheme gives the renderer a real origin
 * (app://xuntu) that serves only out/renderer/, through the same path checks as the loopback bridge.
 *
 * Both schemes must be registered before the app is ready. `standard` gives them origins and relative URLs,
 * `secure` makes them a secure context like https; the app scheme also feeds fetch() and the V8 code cache.
 */
export const PRIVILEGED_SCHEMES: CustomScheme[] = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true } },
];

/** What a protocol handler reads of a request; Electron passes a fetch Request. */
export interface ProtocolRequest {
  url: string;
  method: string;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
};

function notFound(): Response {
  return new Response('not found', { status: 404, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

function readable(request: ProtocolRequest): boolean {
  return request.method === 'GET' || request.method === 'HEAD';
}

/** app://xuntu/<path> → the built renderer's file (unknown extension-less paths get index.html), nothing else. */
export async function appResponse(request: ProtocolRequest, rendererDir: string): Promise<Response> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return notFound();
  }
  if (!readable(request) || url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound();
  const file = await staticFile(rendererDir, url.pathname);
  if (!file) return notFound();
  return new Response(await fs.readFile(file.file), {
    headers: { ...SECURITY_HEADERS, 'Content-Type': file.type, 'Cache-Control': 'no-cache' },
  });
}

/**
 * xuntu-media://<grid|preview>/<hash>.webp → the thumbnail in the library's cache. The URL's text after the scheme
 * goes to mediaFile unparsed, which accepts only that exact shape; realMediaFile then refuses links out of the cache.
 */
export async function mediaResponse(request: ProtocolRequest, cacheDir: string): Promise<Response> {
  const prefix = `${MEDIA_SCHEME}://`;
  if (!readable(request) || !request.url.startsWith(prefix)) return notFound();
  const rawPath = request.url.slice(prefix.length).split(/[?#]/, 1)[0]!;
  const wanted = mediaFile(cacheDir, rawPath);
  const file = wanted && (await realMediaFile(cacheDir, wanted));
  if (!file) return notFound();
  // Named by content hash: the bytes behind a URL never change.
  return new Response(await fs.readFile(file), {
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'image/webp', 'Cache-Control': 'public, max-age=31536000, immutable' },
  });
}

/** Installs both handlers; Electron allows that only once the app is ready. */
export function handleAppProtocols(protocol: Pick<Protocol, 'handle'>, dirs: { rendererDir: string; cacheDir: string }): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(request, dirs.rendererDir));
  protocol.handle(MEDIA_SCHEME, (request) => mediaResponse(request, dirs.cacheDir));
}

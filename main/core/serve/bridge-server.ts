import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { IpcResult } from '../../common/ipc-contract.js';
import type { AppService } from '../app/app-service.js';
import { invokeChannel } from '../app/invoke-channel.js';
import { mediaFile, realMediaFile } from './media-path.js';
import { checkRequest, checkSource, sameToken, type GuardOptions } from './request-guard.js';
import { staticFile } from './static-files.js';

/** Requests larger than this are refused unread: no channel takes more than a few paths. */
const MAX_BODY = 1024 * 1024;
const KEEPALIVE_MS = 25_000;

/** No inline scripts or styles, nothing from elsewhere; thumbnails come from /media (same origin). */
export const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
  "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'none'",
].join('; ');

export interface BridgeOptions {
  service: AppService;
  /** 0 (default): any free port. */
  port?: number;
  /** The built renderer (index.html and its assets); without one, only the API, events and media are served. */
  staticDir?: string;
}

export interface Bridge {
  /** The address to open, token included (the only time it is shown). */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * The loopback bridge behind `xuntu serve` and the UI tests: the contract over HTTP on 127.0.0.1 only.
 *   POST /api/<channel>   JSON request → the contract's envelope
 *   GET  /events          Server-Sent Events (every AppEvents push)
 *   GET  /media/<grid|preview>/<hash>.webp   thumbnails, from the library's cache only
 *   GET  /…               the built renderer, under a strict CSP
 * Every request needs the run's random token (see request-guard.ts). Opening `/?token=…` trades it for an HttpOnly,
 * SameSite=Strict cookie and redirects to `/`, so the token leaves the address bar and history, scripts in the page
 * never see it, other sites' requests never carry it, and <img>/EventSource authenticate without a token in every
 * URL (which would leak through logs and the Referer header).
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = randomBytes(32).toString('base64url');
  const sockets = new Set<Socket>();
  const closers = new Set<() => void>();
  let guard: GuardOptions | undefined;

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/' && url.searchParams.has('token')) return login(req, res, url.searchParams.get('token')!);
    const refused = checkRequest(req, guard!);
    if (refused) return send(res, refused.status, { ok: false, code: refused.code, message: refused.message });

    const rawPath = (req.url ?? '/').split('?')[0]!;
    if (rawPath.startsWith('/api/')) {
      if (req.method !== 'POST') return send(res, 405, { ok: false, code: 'INVALID_REQUEST', message: 'use POST' });
      return api(req, res, rawPath.slice('/api/'.length));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { ok: false, code: 'INVALID_REQUEST', message: 'method not allowed' });
    if (rawPath === '/events') return events(req, res);
    if (rawPath.startsWith('/media/')) return media(res, rawPath.slice('/media/'.length));
    const file = options.staticDir ? await staticFile(options.staticDir, url.pathname) : null;
    if (!file) return send(res, 404, { ok: false, code: 'NOT_FOUND', message: options.staticDir ? 'not found' : 'the UI is not built; run the renderer build' });
    res.writeHead(200, { 'Content-Type': file.type, 'Cache-Control': 'no-cache' });
    createReadStream(file.file).pipe(res);
  }

  function login(req: IncomingMessage, res: ServerResponse, given: string): void {
    const bad = checkSource(req, guard!.port);
    if (bad) return send(res, bad.status, { ok: false, code: bad.code, message: bad.message });
    if (!sameToken(given, token)) return send(res, 401, { ok: false, code: 'BAD_TOKEN', message: 'wrong token: open the address `xuntu serve` printed' });
    res.writeHead(303, {
      'Set-Cookie': `${guard!.cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
      Location: '/',
      'Cache-Control': 'no-store',
    });
    res.end();
  }

  async function api(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    // A JSON body cannot be sent cross-site without a CORS preflight, which this server never grants.
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      return send(res, 415, { ok: false, code: 'INVALID_REQUEST', message: 'send application/json' });
    }
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) return send(res, 413, { ok: false, code: 'INVALID_REQUEST', message: 'request too large' });
    const body = await readBody(req);
    if (body === 'too-large') return send(res, 413, { ok: false, code: 'INVALID_REQUEST', message: 'request too large' });
    let payload: unknown;
    try {
      payload = body.length === 0 ? {} : JSON.parse(body);
    } catch {
      return send(res, 400, { ok: false, code: 'INVALID_REQUEST', message: 'the body is not JSON' });
    }
    const result = await invokeChannel(options.service, channel, payload);
    send(res, result.ok ? 200 : statusOf(result.code), result);
  }

  function events(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    const unsubscribe = options.service.events.subscribe((event, payload) => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    // Comments keep proxies and idle timeouts from closing a quiet stream.
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    const stop = () => {
      clearInterval(keepalive);
      unsubscribe();
      closers.delete(stop);
      res.end();
    };
    closers.add(stop);
    req.on('close', stop);
  }

  async function media(res: ServerResponse, rawPath: string): Promise<void> {
    const cacheDir = options.service.library.cacheDir;
    const wanted = mediaFile(cacheDir, rawPath);
    const file = wanted && (await realMediaFile(cacheDir, wanted));
    if (!file) return send(res, 404, { ok: false, code: 'NOT_FOUND', message: 'no such thumbnail' });
    // Named by content hash: a URL's bytes never change.
    res.writeHead(200, { 'Content-Type': 'image/webp', 'Cache-Control': 'private, max-age=31536000, immutable' });
    createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  // Cookies are shared by every port of a host, so each run's cookie has its own name.
  guard = { port, token, cookieName: `xuntu-${port}` };

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const stop of [...closers]) stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

function send(res: ServerResponse, status: number, body: IpcResult<unknown> | { ok: false; code: string; message: string }): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(json);
}

function statusOf(code: string): number {
  if (code === 'INVALID_REQUEST') return 400;
  if (code === 'UNKNOWN_CHANNEL') return 404;
  if (code === 'NOT_AVAILABLE') return 501;
  if (code === 'INTERNAL') return 500;
  // The core refused (no model, no such photo…): the request was fine, the answer is the envelope.
  return 422;
}

async function readBody(req: IncomingMessage): Promise<string | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return 'too-large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

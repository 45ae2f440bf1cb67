import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface GuardOptions {
  port: number;
  token: string;
  cookieName: string;
}

export type Refusal = { status: 401 | 403; code: 'BAD_HOST' | 'BAD_ORIGIN' | 'BAD_TOKEN'; message: string };

/**
 * Who may talk to the bridge: only pages and programs on this machine that know the run's token.
 *  - Host must name the loopback address we bound: a DNS-rebinding page (evil.example → 127.0.0.1) sends its own
 *    host name and is refused before anything else.
 *  - Origin, when a browser sends one, must be our own: another site's page cannot drive the API or read events.
 *  - The token, from `Authorization: Bearer` (programs) or the HttpOnly cookie set when the printed URL is opened
 *    (the page, its <img> and EventSource requests, which cannot carry headers).
 */
export function checkRequest(req: IncomingMessage, options: GuardOptions): Refusal | null {
  const refused = checkSource(req, options.port);
  if (refused) return refused;
  if (!sameToken(presentedToken(req, options.cookieName), options.token)) {
    return { status: 401, code: 'BAD_TOKEN', message: 'missing or wrong token: open the address `xuntu serve` printed' };
  }
  return null;
}

/** The Host and Origin checks alone (the first page load brings its token in the URL instead). */
export function checkSource(req: IncomingMessage, port: number): Refusal | null {
  const ours = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!ours.includes(req.headers.host ?? '')) return { status: 403, code: 'BAD_HOST', message: 'this server answers only on 127.0.0.1' };
  const origin = req.headers.origin;
  if (origin !== undefined && !ours.some((h) => origin === `http://${h}`)) {
    return { status: 403, code: 'BAD_ORIGIN', message: 'requests from other sites are refused' };
  }
  return null;
}

export function presentedToken(req: IncomingMessage, cookieName: string): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length);
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === cookieName) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Constant-time, so the token cannot be guessed a character at a time from response times. */
export function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

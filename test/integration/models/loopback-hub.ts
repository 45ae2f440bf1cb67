import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Something going wrong with the next request for a file, the way real networks and CDNs misbehave. */
export type Fault =
  | { kind: 'cut' } // headers promise the whole body; half arrives, then the socket is destroyed
  | { kind: 'corrupt' } // same length, wrong bytes
  | { kind: 'ignore-range' } // 200 with the whole file although a Range was asked for
  | { kind: 'slow' } // small chunks with pauses, to abort mid-body
  | { kind: 'status'; status: number };

export interface LoggedRequest {
  /** Path and query, as served. */
  key: string;
  range: string | undefined;
  status: number;
}

/**
 * A file server on 127.0.0.1 that speaks just enough HTTP to stand in for a model hub and its CDN: Range requests
 * (206 / 416), redirects, and faults injected per request.
 */
export class LoopbackHub {
  readonly requests: LoggedRequest[] = [];
  private readonly files = new Map<string, Buffer>();
  private readonly redirects = new Map<string, string>();
  private readonly faults = new Map<string, Fault[]>();
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Serves `body` at an absolute URL on this server (its path and query are the key). */
  put(url: string, body: Buffer): void {
    this.files.set(keyOf(url), body);
  }

  /** Answers requests for `from` with a 302 to `to`, as Hugging Face sends large files to its CDN. */
  redirect(from: string, to: string): void {
    this.redirects.set(keyOf(from), to);
  }

  /** The next request for `url` meets `fault`; several queue up in order. */
  failNext(url: string, fault: Fault): void {
    const key = keyOf(url);
    this.faults.set(key, [...(this.faults.get(key) ?? []), fault]);
  }

  requestsFor(url: string): LoggedRequest[] {
    return this.requests.filter((r) => r.key === keyOf(url));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const key = req.url ?? '/';
    const range = req.headers.range;
    const log = (status: number) => this.requests.push({ key, range, status });
    const fault = this.faults.get(key)?.shift();

    const location = this.redirects.get(key);
    if (location && !fault) {
      log(302);
      res.writeHead(302, { location }).end();
      return;
    }
    const file = this.files.get(key);
    if (fault?.kind === 'status' || !file) {
      const status = fault?.kind === 'status' ? fault.status : 404;
      log(status);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`status ${status}`);
      return;
    }

    const body = fault?.kind === 'corrupt' ? Buffer.from(file.map((b) => b ^ 0xff)) : file;
    const start = fault?.kind === 'ignore-range' ? undefined : rangeStart(range);
    if (start !== undefined && start >= body.length) {
      log(416);
      res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
      return;
    }
    const slice = body.subarray(start ?? 0);
    const headers: http.OutgoingHttpHeaders = { 'content-length': slice.length, 'accept-ranges': 'bytes' };
    if (start !== undefined) headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
    const status = start === undefined ? 200 : 206;
    log(status);
    res.writeHead(status, headers);

    if (fault?.kind === 'cut') {
      // Let the first half reach the client before the connection dies, as when Wi-Fi drops mid-file.
      res.write(slice.subarray(0, slice.length >> 1), () => setTimeout(() => res.socket?.destroy(), 20));
    } else if (fault?.kind === 'slow') {
      void writeSlowly(res, slice);
    } else {
      res.end(slice);
    }
  }
}

function keyOf(url: string): string {
  const { pathname, search } = new URL(url);
  return pathname + search;
}

/** The N of "bytes=N-" (all a resuming client sends); undefined without a Range header. */
function rangeStart(header: string | undefined): number | undefined {
  const match = header?.match(/^bytes=(\d+)-$/);
  return match ? Number(match[1]) : undefined;
}

async function writeSlowly(res: http.ServerResponse, body: Buffer): Promise<void> {
  for (let at = 0; at < body.length && !res.destroyed; at += 8192) {
    res.write(body.subarray(at, at + 8192));
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  res.end();
}

import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { XuntuError, errorMessage } from '../errors.js';
import { sha256OfFile } from './file-sha256.js';

export interface DownloadOptions {
  /** Exact size in bytes, when the catalog knows it. */
  expectedSize?: number | null;
  /** Lowercase hex; when absent the file is checked by size only. */
  sha256?: string | null;
  /** Bytes of the file on disk so far (a resumed download starts above 0), and the file's full size if the server said. */
  onProgress?: (received: number, total: number | undefined) => void;
  signal?: AbortSignal;
  /** Failed attempts in a row, without a byte gained between them, before giving up. Default 5. */
  attempts?: number;
  /** Delay before the first retry; doubles on each further failure, up to 30 s. Default 1000 ms. */
  retryDelayMs?: number;
}

/** A failure another attempt may cure: the network, a cut-off body, 429, 5xx, a server disagreeing with our .part. */
class RetryableError extends Error {}

async function sizeOf(file: string): Promise<number> {
  return fs.stat(file).then(
    (s) => s.size,
    () => 0,
  );
}

// "bytes 100-199/1000" → {start: 100, total: 1000}; a 416's "bytes */1000" → {total: 1000}.
function parseContentRange(header: string | null): { start?: number; total?: number } | undefined {
  const match = header?.match(/^bytes\s+(?:(\d+)-\d+|\*)\/(\d+|\*)$/i);
  if (!match) return undefined;
  return {
    ...(match[1] !== undefined && { start: Number(match[1]) }),
    ...(match[2] !== '*' && { total: Number(match[2]) }),
  };
}

function contentLength(res: Response): number | undefined {
  const value = res.headers.get('content-length');
  return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
}

function checksumMismatch(url: string, detail: string): XuntuError {
  return new XuntuError(
    'MODEL_CHECKSUM_MISMATCH',
    `${url}: ${detail}. The download was deleted; run it again to retry (if it fails again, the source or a proxy is serving different bytes)`,
  );
}

function httpFailure(url: string, res: Response): XuntuError {
  const status = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
  const where = res.url && res.url !== url ? `${url} (redirected to ${res.url})` : url;
  if (res.status === 404 || res.status === 410) {
    return new XuntuError('MODEL_NOT_FOUND', `${where} answered ${status}: the file is not at this source (check the endpoint and revision)`);
  }
  const hint = res.status === 401 || res.status === 403 ? ': the repository may be gated or private' : '';
  return new XuntuError('MODEL_DOWNLOAD_FAILED', `${where} answered ${status}${hint}`);
}

/**
 * One request for the rest of the file, appended to the .part; returns once the .part is complete. Resume rules:
 *   - .part holds N bytes → ask for `Range: bytes=N-` (N = the expected size: already complete, no request);
 *   - 206 starting at N → append; 206 starting elsewhere → discard the .part and retry from 0;
 *   - 200 → the server ignored the range (or N was 0): rewrite from byte 0;
 *   - 416 → N is at or past the end: complete if the server's length is N, else discard and retry from 0.
 * Network errors, 429 and 5xx are retryable; other statuses are final.
 */
async function attempt(url: string, part: string, options: DownloadOptions): Promise<void> {
  const { expectedSize, signal, onProgress } = options;
  let offset = await sizeOf(part);
  if (expectedSize != null && offset > expectedSize) {
    await fs.rm(part, { force: true });
    offset = 0;
  }
  if (expectedSize != null && offset === expectedSize) return;

  let res: Response;
  try {
    res = await fetch(url, {
      // identity: a compressed body would make Content-Length, Range offsets and the file's bytes disagree.
      headers: { 'accept-encoding': 'identity', ...(offset > 0 && { range: `bytes=${offset}-` }) },
      redirect: 'follow',
      ...(signal && { signal }),
    });
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    throw new RetryableError(errorMessage((err as Error).cause ?? err), { cause: err });
  }

  if (res.status === 416 && offset > 0) {
    await res.body?.cancel();
    const total = parseContentRange(res.headers.get('content-range'))?.total;
    if (total === offset) return;
    await fs.rm(part, { force: true });
    throw new RetryableError(`the partial download (${offset} bytes) is longer than the file (${total ?? 'unknown'} bytes); starting over`);
  }
  if (res.status === 429 || res.status >= 500) {
    await res.body?.cancel();
    throw new RetryableError(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
  }
  if (res.status !== 200 && res.status !== 206) {
    await res.body?.cancel();
    throw httpFailure(url, res);
  }

  let start = 0;
  let total = contentLength(res);
  if (res.status === 206) {
    const range = parseContentRange(res.headers.get('content-range'));
    if (range?.start !== offset) {
      await res.body?.cancel();
      await fs.rm(part, { force: true });
      throw new RetryableError(`asked for bytes from ${offset}, the server sent ${res.headers.get('content-range') ?? 'no Content-Range'}; starting over`);
    }
    start = offset;
    total = range.total;
  }
  if (total !== undefined && expectedSize != null && total !== expectedSize) {
    // No need to fetch a file that cannot be the one the catalog describes.
    await res.body?.cancel();
    await fs.rm(part, { force: true });
    throw checksumMismatch(url, `the server offers ${total} bytes, the catalog expects ${expectedSize}`);
  }

  const out = await fs.open(part, start === 0 ? 'w' : 'a');
  let received = start;
  onProgress?.(received, total);
  try {
    for await (const chunk of res.body ?? []) {
      await out.write(chunk).catch((err: unknown) => {
        // A full or read-only disk: no retry cures that.
        throw new XuntuError('MODEL_DOWNLOAD_FAILED', `cannot write ${part}: ${errorMessage(err)}`, { cause: err });
      });
      received += chunk.byteLength;
      onProgress?.(received, total);
    }
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    if (err instanceof XuntuError) throw err;
    throw new RetryableError(`the connection broke after ${received} bytes: ${errorMessage((err as Error).cause ?? err)}`, { cause: err });
  } finally {
    await out.close();
  }
  if (total !== undefined && received !== total) throw new RetryableError(`the connection closed after ${received} of ${total} bytes`);
}

/**
 * Downloads `url` to `dest`, resumably: bytes accumulate in `dest + ".part"`, which survives failures, aborts and
 * crashes, and the next call continues from it. Only a complete file whose size (and sha256, when known) checks
 * out is renamed to `dest`, so `dest` existing means the download finished. Redirects are followed (Hugging Face
 * answers 302 to its CDN).
 *
 * Errors: MODEL_NOT_FOUND (404/410), MODEL_DOWNLOAD_FAILED (other HTTP errors, or the network failing `attempts`
 * times in a row; the message has the URL and status), MODEL_CHECKSUM_MISMATCH (the bytes are wrong; the .part is
 * deleted). An abort rejects with the signal's reason and keeps the .part.
 */
export async function downloadFile(url: string, dest: string, options: DownloadOptions = {}): Promise<void> {
  const part = `${dest}.part`;
  const maxFailures = options.attempts ?? 5;
  const baseDelay = options.retryDelayMs ?? 1000;
  await fs.mkdir(path.dirname(dest), { recursive: true });

  let failures = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const before = await sizeOf(part);
    try {
      await attempt(url, part, options);
      break;
    } catch (err) {
      if (!(err instanceof RetryableError)) throw err;
      // A flaky connection that keeps making progress is not failing: only attempts that gain nothing count.
      failures = (await sizeOf(part)) > before ? 1 : failures + 1;
      if (failures >= maxFailures) {
        throw new XuntuError('MODEL_DOWNLOAD_FAILED', `downloading ${url} failed ${failures} time(s) in a row: ${err.message}`, { cause: err });
      }
      const delay = Math.min(baseDelay * 2 ** (failures - 1), 30_000);
      await sleep(delay, undefined, options.signal ? { signal: options.signal } : {}).catch(() => {
        throw options.signal?.reason;
      });
    }
  }

  const size = await sizeOf(part);
  if (options.expectedSize != null && size !== options.expectedSize) {
    await fs.rm(part, { force: true });
    throw checksumMismatch(url, `the download is ${size} bytes, expected ${options.expectedSize}`);
  }
  if (options.sha256) {
    const actual = await sha256OfFile(part);
    if (actual !== options.sha256) {
      await fs.rm(part, { force: true });
      throw checksumMismatch(url, `the download's sha256 is ${actual}, expected ${options.sha256}`);
    }
  }
  await fs.rename(part, dest);
}

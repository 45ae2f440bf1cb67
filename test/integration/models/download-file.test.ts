import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { downloadFile, type DownloadOptions } from '../../../main/core/models/download-file.js';
import { LoopbackHub } from './loopback-hub.js';

const body = randomBytes(300 * 1024);
const sha256 = createHash('sha256').update(body).digest('hex');
const quick: DownloadOptions = { retryDelayMs: 5 };

let hub: LoopbackHub;
let url: string;
let dir: string;
let dest: string;

beforeAll(async () => {
  hub = await new LoopbackHub().start();
});
afterAll(() => hub.close());

let fileNo = 0;
beforeEach(() => {
  // A fresh URL per test keeps faults and request logs apart.
  url = `${hub.url}/org/model/resolve/main/file-${++fileNo}.onnx`;
  hub.put(url, body);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-download-'));
  dest = path.join(dir, 'onnx', 'model.onnx');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const partSize = () => fs.statSync(`${dest}.part`).size;

describe('downloadFile', () => {
  it('downloads, verifies the sha256 and renames into place, reporting progress up to the total', async () => {
    const progress: Array<[number, number | undefined]> = [];
    await downloadFile(url, dest, { ...quick, sha256, expectedSize: body.length, onProgress: (r, t) => progress.push([r, t]) });
    expect(fs.readFileSync(dest).equals(body)).toBe(true);
    expect(fs.existsSync(`${dest}.part`)).toBe(false);
    expect(progress.at(-1)).toEqual([body.length, body.length]);
  });

  it('resumes a download cut off half-way with a Range request from the .part, on the next call', async () => {
    hub.failNext(url, { kind: 'cut' });
    await expect(downloadFile(url, dest, { ...quick, attempts: 1 })).rejects.toMatchObject({ code: 'MODEL_DOWNLOAD_FAILED' });
    const kept = partSize();
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(body.length);
    expect(fs.existsSync(dest)).toBe(false);

    await downloadFile(url, dest, { ...quick, sha256 });
    expect(hub.requestsFor(url).map((r) => [r.range, r.status])).toEqual([
      [undefined, 200],
      [`bytes=${kept}-`, 206],
    ]);
    expect(fs.readFileSync(dest).equals(body)).toBe(true);
  });

  it('retries within one call after the connection drops, resuming where it broke', async () => {
    hub.failNext(url, { kind: 'cut' });
    hub.failNext(url, { kind: 'status', status: 503 });
    await downloadFile(url, dest, { ...quick, sha256 });
    expect(hub.requestsFor(url).map((r) => r.status)).toEqual([200, 503, 206]);
    expect(fs.readFileSync(dest).equals(body)).toBe(true);
  });

  it('rejects corrupted bytes with MODEL_CHECKSUM_MISMATCH and leaves nothing under either name', async () => {
    hub.failNext(url, { kind: 'corrupt' });
    const err = await downloadFile(url, dest, { ...quick, sha256 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MODEL_CHECKSUM_MISMATCH' });
    expect((err as Error).message).toContain('retry');
    expect(fs.existsSync(dest)).toBe(false);
    expect(fs.existsSync(`${dest}.part`)).toBe(false);
  });

  it('refuses a file whose size differs from the catalog before downloading it', async () => {
    await expect(downloadFile(url, dest, { ...quick, expectedSize: body.length + 1 })).rejects.toMatchObject({ code: 'MODEL_CHECKSUM_MISMATCH' });
    expect(fs.existsSync(dest)).toBe(false);
  });

  it('names the URL on a 404 (MODEL_NOT_FOUND) and on other HTTP errors (MODEL_DOWNLOAD_FAILED, with the status)', async () => {
    const missing = `${hub.url}/org/model/resolve/main/nope.onnx`;
    const notFound = await downloadFile(missing, dest, quick).catch((e: unknown) => e);
    expect(notFound).toMatchObject({ code: 'MODEL_NOT_FOUND' });
    expect((notFound as Error).message).toContain(missing);
    expect((notFound as Error).message).toContain('404');

    hub.failNext(url, { kind: 'status', status: 403 });
    const forbidden = await downloadFile(url, dest, quick).catch((e: unknown) => e);
    expect(forbidden).toMatchObject({ code: 'MODEL_DOWNLOAD_FAILED' });
    expect((forbidden as Error).message).toMatch(new RegExp(`${url}.*403`));
  });

  it('gives up with MODEL_DOWNLOAD_FAILED after repeated server errors', async () => {
    for (let i = 0; i < 3; i++) hub.failNext(url, { kind: 'status', status: 500 });
    const err = await downloadFile(url, dest, { ...quick, attempts: 3 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MODEL_DOWNLOAD_FAILED' });
    expect((err as Error).message).toContain(url);
    expect((err as Error).message).toContain('500');
  });

  it('follows redirects, keeping the Range header on the way to the CDN', async () => {
    const cdn = `${hub.url}/cdn/blob-${fileNo}`;
    hub.put(cdn, body);
    hub.redirect(url, cdn);
    hub.failNext(cdn, { kind: 'cut' });
    await downloadFile(url, dest, { ...quick, sha256 });
    expect(hub.requestsFor(url).map((r) => r.status)).toEqual([302, 302]);
    expect(hub.requestsFor(cdn).map((r) => r.status)).toEqual([200, 206]);
    expect(hub.requestsFor(cdn)[1]?.range).toMatch(/^bytes=\d+-$/);
    expect(fs.readFileSync(dest).equals(body)).toBe(true);
  });

  it('starts over when the server answers a Range request with the whole file (200)', async () => {
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(`${dest}.part`, body.subarray(0, 1000));
    hub.failNext(url, { kind: 'ignore-range' });
    await downloadFile(url, dest, { ...quick, sha256 });
    expect(hub.requestsFor(url).map((r) => [r.range, r.status])).toEqual([['bytes=1000-', 200]]);
    expect(fs.readFileSync(dest).equals(body)).toBe(true);
  });

  it('treats a 416 for a .part that already holds the whole file as complete', async () => {
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(`${dest}.part`, body);
    await downloadFile(url, dest, quick);
    expect(hub.requestsFor(url).map((r) => r.status)).toEqual([416]);
    expect(fs.readFileSync(dest).equals(body)).toBe(true);
  });

  it('does not even ask when the .part already has the expected size', async () => {
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(`${dest}.part`, body);
    await downloadFile(url, dest, { ...quick, expectedSize: body.length, sha256 });
    expect(hub.requestsFor(url)).toEqual([]);
  });

  it('leaves a resumable .part when aborted mid-download', async () => {
    hub.failNext(url, { kind: 'slow' });
    const controller = new AbortController();
    const aborted = downloadFile(url, dest, {
      ...quick,
      signal: controller.signal,
      onProgress: (received) => received > body.length / 3 && controller.abort(),
    });
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    const kept = partSize();
    expect(kept).toBeGreaterThan(body.length / 3);
    expect(kept).toBeLessThan(body.length);

    await downloadFile(url, dest, { ...quick, sha256 });
    expect(hub.requestsFor(url).at(-1)).toMatchObject({ range: `bytes=${kept}-`, status: 206 });
    expect(fs.readFileSync(dest).equals(body)).toBe(true);
  });
});

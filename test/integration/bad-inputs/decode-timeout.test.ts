import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { indexLibrary } from '../../../main/core/indexer/index-library.js';
import { openLibrary, type Library } from '../../../main/core/library/library.js';
import { reasonFor } from '../../../main/core/i18n/error-reasons.js';
import { withJpegComment } from '../../helpers/corpus/jpeg-comment.js';
import { tinyJpeg } from '../../helpers/corpus/tiny-photos.js';

/** Photos whose bytes carry this comment get a decoder that never returns: a stand-in for libvips stuck on a file. */
const HANG = 'xuntu-test: hang the decoder';

vi.mock('../../../main/core/media/process-photo.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../main/core/media/process-photo.js')>();
  return {
    ...real,
    processPhoto: (bytes: Buffer, options: Parameters<typeof real.processPhoto>[1]) =>
      bytes.includes(HANG) ? new Promise(() => undefined) : real.processPhoto(bytes, options),
  };
});

let library: Library | undefined;
afterEach(() => library?.close());

it('records a decode that never finishes as DECODE_TIMEOUT and indexes the rest', async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-decode-timeout-'));
  const photos = path.join(work, 'photos');
  fs.mkdirSync(photos);
  const template = await tinyJpeg(3);
  for (const name of ['a.jpg', 'b.jpg', 'c.jpg']) fs.writeFileSync(path.join(photos, name), withJpegComment(template, name));
  fs.writeFileSync(path.join(photos, 'stuck.jpg'), withJpegComment(template, HANG));
  library = openLibrary(path.join(work, 'library'));

  const summary = await indexLibrary(library, { roots: [photos], decodeTimeoutMs: 300, concurrency: 2 });

  expect(summary.added).toBe(3);
  expect(summary.errors).toEqual([expect.objectContaining({ path: path.join(photos, 'stuck.jpg'), stage: 'decode', code: 'DECODE_TIMEOUT' })]);
  expect(reasonFor('DECODE_TIMEOUT', summary.errors[0]!.message, 'en')).toMatch(/^decoding took too long/);
  // The stuck file is not retried until it changes: a second run goes straight past it.
  const again = await indexLibrary(library, { decodeTimeoutMs: 300 });
  expect(again).toMatchObject({ unchanged: 3, failed: 1, added: 0 });
  expect(again.errors[0]?.code).toBe('DECODE_TIMEOUT');
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { thumbnailPath, writeThumbnail } from '../../../main/core/media/thumbnail-cache.js';

it('lets identical copies of a photo write the same thumbnail at once, leaving one whole file and no temporaries', async () => {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-thumbs-'));
  const hash = 'ab'.repeat(32);
  const data = Buffer.from('a thumbnail');
  await Promise.all(Array.from({ length: 16 }, () => writeThumbnail(cache, hash, 'grid', data)));
  const file = thumbnailPath(cache, hash, 'grid');
  expect(fs.readFileSync(file)).toEqual(data);
  expect(fs.readdirSync(path.dirname(file))).toEqual([path.basename(file)]);
});

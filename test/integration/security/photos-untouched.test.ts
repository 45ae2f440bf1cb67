import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeColourPhotos } from '../../e2e/colour-photos.js';
import { NO_VOCAB_REASON, referenceVocabFile } from '../../fixtures/reference-vocab.js';
import { libraryCli, useColourModel, type LibraryCli } from '../../helpers/library-cli.js';
import { writeGoodPhotos } from '../../helpers/photo-corpus.js';

const vocab = referenceVocabFile();

interface FileState {
  sha256: string;
  mtimeMs: number;
  size: number;
}

/** Every regular file under `dir` (links and odd entries are not photos), by path relative to it. */
function snapshot(dir: string): Map<string, FileState> {
  const files = new Map<string, FileState>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const stat = fs.statSync(file);
    files.set(path.relative(dir, file), { sha256: createHash('sha256').update(fs.readFileSync(file)).digest('hex'), mtimeMs: stat.mtimeMs, size: stat.size });
  }
  return files;
}

/**
 * A photo library is years of someone's life: whatever the app does with it, the photos keep every byte and their
 * modification times, and the only thing it may add beside them is an XMP sidecar the user asked for.
 */
describe.skipIf(!vocab)(`no command ever writes to a photo${vocab ? '' : ` (${NO_VOCAB_REASON})`}`, () => {
  let work: string;
  let photos: string;
  let cli: LibraryCli;
  let before: Map<string, FileState>;
  let red: string[];

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-untouched-'));
    photos = path.join(work, 'photos');
    cli = libraryCli(work);
    await useColourModel(work, cli, vocab!);
    red = (await writeColourPhotos(photos)).get('red')!;
    // Every format and awkward name the indexer reads, EXIF orientation and GPS included.
    await writeGoodPhotos(path.join(photos, 'formats'));
    fs.writeFileSync(path.join(work, '颜色.yaml'), 'name: 颜色\nlabels: [红, 绿, 蓝, 黄]\n');
    before = snapshot(photos);
  }, 180_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('indexes, tags, decides, searches, exports and imports sidecars, checks the library, and leaves every photo as it was', async () => {
    await cli('labels', 'import', path.join(work, '颜色.yaml'));
    const indexed = JSON.parse((await cli('index', photos, '--json')).stdout) as { added: number };
    expect(indexed.added).toBeGreaterThan(before.size / 2);
    await cli('tags', red[0]!, '--json');
    await cli('confirm', '红', red[0]!);
    await cli('reject', '颜色/红', red[1]!);
    await cli('tag', '--retag');
    await cli('search', '红色', '--json');
    await cli('search', '--tag', '红', '--json');
    await cli('similar', red[2]!, '--json');
    await cli('duplicates', '--json');
    await cli('list', '--json');
    await cli('status');
    await cli('errors');
    await cli('xmp', 'export');
    await cli('xmp', 'import');
    await cli('doctor');
    await cli('doctor', '--repair');
    await cli('labels', 'export', '颜色', '--output', path.join(work, 'exported.yaml'));
    await cli('labels', 'import', path.join(work, 'exported.yaml'));
    await cli('index', photos, '--json');

    const after = snapshot(photos);
    for (const [file, state] of before) expect(after.get(file), file).toEqual(state);
    const added = [...after.keys()].filter((file) => !before.has(file));
    expect(added.length).toBeGreaterThan(0);
    for (const file of added) expect(file, 'only sidecars may appear beside photos').toMatch(/\.xmp$/);
  });
});

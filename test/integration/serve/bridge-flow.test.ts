import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexStatus } from '../../../main/common/ipc-contract.js';
import { generateColourClipModels } from '../../fixtures/colour-clip/generate-colour-clip.js';
import { NO_VOCAB_REASON, referenceVocabFile } from '../../fixtures/reference-vocab.js';
import { writeManyTinyPhotos } from '../../helpers/photo-corpus.js';
import { BridgeHarness } from './bridge-harness.js';
import { EventStream } from './event-stream.js';

const vocab = referenceVocabFile();
if (!vocab) console.warn(`skipping the bridge's search flow: ${NO_VOCAB_REASON}`);

const COLOURS = { red: [210, 30, 25], green: [30, 170, 40], blue: [25, 40, 200], yellow: [230, 210, 30] } as const;
const PER_COLOUR = 3;

let h: BridgeHarness;
let events: EventStream;
let photos: string;
let modelFolder: string;

const finished = (s: IndexStatus) => s.state === 'idle' && s.last !== null;

beforeAll(async () => {
  h = await BridgeHarness.start();
  events = new EventStream(h.bridge.port, h.auth);
  const models = await generateColourClipModels(path.join(h.work, 'generated'), { vocabFile: vocab });
  modelFolder = path.dirname(models.xuntu.manifest);
  photos = path.join(h.work, 'photos');
  fs.mkdirSync(photos);
  for (const [name, [r, g, b]] of Object.entries(COLOURS)) {
    for (let i = 0; i < PER_COLOUR; i++) {
      // Slightly different shades, so every photo has its own content hash.
      await sharp({ create: { width: 160, height: 120, channels: 3, background: { r: r - 4 * i, g, b } } }).jpeg().toFile(path.join(photos, `${name}-${i}.jpg`));
    }
  }
}, 120_000);
afterAll(async () => {
  events?.close();
  await h?.close();
});

describe.skipIf(!vocab)('the app over HTTP, as the UI drives it', () => {
  it('imports the colour model from a folder and makes it the library\'s', async () => {
    const installed = await h.value('models.import', { folder: modelFolder, vocab: vocab! });
    expect(installed).toMatchObject({ active: true, alreadyInstalled: false });
    const info = await h.value('app.info');
    expect(info.activeModel?.id).toBe(installed.id);
    expect((await h.value('models.list')).installed.map((m) => m.active)).toEqual([true]);
    await events.next('library.changed', (e) => e.what === 'model');
  });

  it('adds a folder, indexes it with progress events, and lists the photos', async () => {
    expect(await h.call('roots.add', { path: path.join(h.work, 'nowhere') })).toMatchObject({ ok: false, code: 'ROOT_NOT_FOUND' });
    const roots = await h.value('roots.add', { path: photos });
    expect(roots.map((r) => r.path)).toEqual([photos]);

    expect((await h.value('index.start')).state).toBe('running');
    const done = await events.next('index.progress', finished);
    expect(done.last).toMatchObject({ added: 12, embedded: 12, failed: 0, interrupted: false });
    expect(events.received.some((e) => e.event === 'index.progress' && (e.data as IndexStatus).phase === 'process')).toBe(true);
    await events.next('library.changed', (e) => e.what === 'photos');

    const page = await h.value('library.photos', { offset: 0, limit: 5 });
    expect(page.total).toBe(12);
    expect(page.photos).toHaveLength(5);
    expect(page.photos[0]).toMatchObject({ width: 160, height: 120, status: 'present' });
    expect((await h.value('library.photos', { offset: 10, limit: 5 })).photos).toHaveLength(2);
    // No EXIF date: each photo is dated by its file's time, so all fall in this month's bucket.
    const timeline = await h.value('library.timeline', {});
    expect(timeline).toMatchObject({ undated: 0, total: 12 });
    expect(timeline.buckets).toHaveLength(1);
    expect(timeline.buckets[0]).toMatchObject({ count: 12, offset: 0 });
    const { year, month } = timeline.buckets[0]!;
    const monthBound = `${year}-${String(month).padStart(2, '0')}`;
    expect((await h.value('library.photos', { offset: 0, limit: 20, from: monthBound, to: monthBound })).total).toBe(12);
    expect((await h.value('library.timeline', { folder: path.join(h.work, 'elsewhere') })).total).toBe(0);
    expect(await h.value('library.status')).toMatchObject({ photos: 12, embedded: 12, errors: 0 });
    expect(await h.value('errors.list')).toEqual([]);
  });

  it('finds the red photos first for 「红色」 and serves their thumbnails', async () => {
    const result = await h.value('search.text', { text: '红色' });
    expect(result.chips).toEqual([]);
    const red = Array.from({ length: PER_COLOUR }, (_, i) => path.join(photos, `red-${i}.jpg`));
    expect(new Set(result.hits.slice(0, PER_COLOUR).map((hit) => hit.photo.path))).toEqual(new Set(red));

    const first = result.hits[0]!.photo;
    const thumb = await h.raw('GET', `/media/grid/${first.hash}.webp`, h.auth);
    expect(thumb.status).toBe(200);
    expect((await sharp(thumb.body).metadata()).format).toBe('webp');

    const detail = await h.value('photo.detail', { id: first.id });
    expect(detail).toMatchObject({ fileName: path.basename(first.path), format: 'jpeg', embedded: true, tags: [] });
    expect(await h.call('photo.detail', { id: 999_999 })).toMatchObject({ ok: false, code: 'PHOTO_NOT_FOUND' });

    const similar = await h.value('search.similar', { id: first.id, limit: 2 });
    expect(similar.map((s) => path.basename(s.photo.path).split('-')[0])).toEqual(['red', 'red']);
  });

  it('filters search by camera and offers the library\'s cameras', async () => {
    // The generated photos carry no camera metadata: no camera to offer, and none matches.
    expect(await h.value('library.cameras', {})).toEqual([]);
    expect((await h.value('search.text', { text: '红色', camera: 'Canon' })).hits).toEqual([]);
    expect(await h.call('search.text', { text: '红色', camera: '' })).toMatchObject({ ok: false });
    expect(await h.call('search.text', { text: '红色', labelIds: [0] })).toMatchObject({ ok: false });
  });

  it('shows time words back as chips with their dates', async () => {
    const result = await h.value('search.text', { text: '2024年 红色' });
    expect(result.chips).toEqual([{ text: '2024年', start: 0, label: { zh: '2024年', en: '2024' }, kind: 'absolute', from: '2024-01-01', to: '2024-12-31' }]);
    expect(result.text).toBe('红色');
    expect(result.hits).toEqual([]); // the generated photos are dated by their file times, today
  });

  it('pauses after a committed batch and resumes where it stopped', async () => {
    await writeManyTinyPhotos(path.join(photos, 'many'), 60);
    await h.value('index.start');
    const pausing = await h.value('index.pause');
    expect(['pausing', 'paused']).toContain(pausing.state);
    await events.next('index.progress', (s) => s.state === 'paused');
    expect((await h.value('index.status')).state).toBe('paused');
    expect((await h.value('library.status')).photos).toBeLessThan(72);

    expect((await h.value('index.resume')).state).toBe('running');
    const done = await events.next('index.progress', (s) => finished(s) && s.last!.interrupted === false);
    expect(done.last!.failed).toBe(0);
    expect(await h.value('library.status')).toMatchObject({ photos: 72, embedded: 72 });
  });

  it('forgets a removed folder\'s photos but never touches the files', async () => {
    await h.value('roots.remove', { path: photos });
    expect(await h.value('library.status')).toMatchObject({ photos: 0, roots: [] });
    expect(fs.readdirSync(photos)).toHaveLength(PER_COLOUR * 4 + 1);
  });
});

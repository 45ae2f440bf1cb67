import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabelSetDraft, LabelSetInfo } from '../../../main/common/ipc-contract.js';
import { generateColourClipModels } from '../../fixtures/colour-clip/generate-colour-clip.js';
import { NO_VOCAB_REASON, referenceVocabFile } from '../../fixtures/reference-vocab.js';
import { BridgeHarness } from './bridge-harness.js';
import { EventStream } from './event-stream.js';

const vocab = referenceVocabFile();
if (!vocab) console.warn(`skipping the bridge's tagging channels: ${NO_VOCAB_REASON}`);

const COLOURS = { red: [210, 30, 25], green: [30, 170, 40], blue: [25, 40, 200], yellow: [230, 210, 30] } as const;
const PER_COLOUR = 3;
const SET: LabelSetDraft = {
  name: '颜色',
  description: null,
  exclusive: false,
  labels: ['红', '绿', '蓝', '黄'].map((name) => ({ name, phrasings: [], exclusions: [], threshold: null })),
};

let h: BridgeHarness;
let events: EventStream;
/** Photo id → its colour. */
const colourOf = new Map<number, string>();
const idsOf = (colour: string) => [...colourOf].filter(([, c]) => c === colour).map(([id]) => id).sort((a, b) => a - b);

/** Background tagging is kicked off before a channel answers, so "idle" afterwards means it has finished. */
async function settled(): Promise<void> {
  while ((await h.value('tagging.status')).state !== 'idle') await new Promise((resolve) => setTimeout(resolve, 100));
}
const colourSet = async (): Promise<LabelSetInfo> => (await h.value('labelSets.list')).find((s) => s.name === '颜色')!;
const labelIdOf = async (name: string) => (await colourSet()).labels.find((l) => l.name === name)!.id;

beforeAll(async () => {
  h = await BridgeHarness.start();
  if (!vocab) return;
  events = new EventStream(h.bridge.port, h.auth);
  const models = await generateColourClipModels(path.join(h.work, 'generated'), { vocabFile: vocab });
  const photos = path.join(h.work, 'photos');
  fs.mkdirSync(photos);
  for (const [name, [r, g, b]] of Object.entries(COLOURS)) {
    for (let i = 0; i < PER_COLOUR; i++) {
      await sharp({ create: { width: 160, height: 120, channels: 3, background: { r: r - 4 * i, g, b } } }).jpeg().toFile(path.join(photos, `${name}-${i}.jpg`));
    }
  }
  await h.value('models.import', { folder: path.dirname(models.xuntu.manifest), vocab });
  await h.value('roots.add', { path: photos });
  await h.value('index.start');
  await events.next('index.progress', (s) => s.state === 'idle' && s.last !== null);
  for (const p of (await h.value('library.photos', { offset: 0, limit: 100 })).photos) colourOf.set(p.id, path.basename(p.path).split('-')[0]!);
  await settled();
}, 180_000);
afterAll(async () => {
  events?.close();
  await h?.close();
});

describe.skipIf(!vocab)('tagging over the bridge, on the real core', () => {
  it('starts the library with the built-in label sets', async () => {
    const sets = await h.value('labelSets.list');
    expect(sets.map((s) => s.name)).toEqual(expect.arrayContaining(['场景', '主体', '室内外']));
    expect(sets.every((s) => s.builtin)).toBe(true);
  });

  it('refuses an invalid set with issues placed on their fields, and writes nothing', async () => {
    const bad: LabelSetDraft = {
      ...SET,
      labels: [
        { name: '红', phrasings: ['绿'], exclusions: [], threshold: 2 },
        { name: '绿', phrasings: [], exclusions: [], threshold: null },
        { name: ' ', phrasings: [], exclusions: [], threshold: null },
      ],
    };
    const result = await h.value('labelSets.save', { set: bad });
    expect(result.saved).toBe(false);
    if (result.saved) return;
    expect(result.code).toBe('LABEL_SET_INVALID');
    expect(result.issues.map((i) => i.field)).toEqual(expect.arrayContaining(['labels[0].threshold', 'labels[2].name']));
    expect(await colourSet()).toBeUndefined();
  });

  it('saves a 颜色 set and tags each colour\'s photos from the stored vectors, in the background', async () => {
    const result = await h.value('labelSets.save', { set: SET });
    expect(result).toMatchObject({ saved: true, created: true, added: ['红', '绿', '蓝', '黄'] });
    await settled();
    await events.next('library.changed', (e) => e.what === 'tags');
    for (const [colour, label] of [['red', '红'], ['green', '绿'], ['blue', '蓝'], ['yellow', '黄']] as const) {
      const page = await h.value('tags.byLabel', { labelId: await labelIdOf(label), offset: 0, limit: 50 });
      expect(page.photos.map((p) => p.photo.id).sort((a, b) => a - b), label).toEqual(idsOf(colour));
      expect(page.photos.every((p) => p.source === 'auto' && p.score !== null)).toBe(true);
    }
    const red = (await colourSet()).labels.find((l) => l.name === '红')!;
    expect(red.counts).toEqual({ auto: PER_COLOUR, confirmed: 0, rejected: 0 });
    expect(red.effectiveThreshold).not.toBeNull();
  });

  it('refuses a second set of a taken name as an issue on the name', async () => {
    expect(await h.value('labelSets.save', { set: SET })).toMatchObject({ saved: false, code: 'LABEL_SET_EXISTS', issues: [{ field: 'name' }] });
  });

  it('previews a threshold: the label\'s own by default, every photo at -1, none at 1, and a draft label too', async () => {
    const labelId = await labelIdOf('红');
    const now = await h.value('labels.preview', { labelId });
    expect(now.passing).toBe(PER_COLOUR);
    expect(now.total).toBe(colourOf.size);
    expect(now.justAbove.map((p) => colourOf.get(p.photo.id))).toEqual(Array(PER_COLOUR).fill('red'));
    expect(now.justBelow.every((p) => p.score < now.threshold)).toBe(true);
    expect(now.histogram.counts.reduce((a, b) => a + b, 0)).toBe(colourOf.size - now.excluded);
    expect((await h.value('labels.preview', { labelId, threshold: -1 })).passing).toBe(colourOf.size);
    expect((await h.value('labels.preview', { labelId, threshold: 1 })).passing).toBe(0);

    const draft = await h.value('labels.preview', { draft: { name: '蓝', phrasings: [], exclusions: [] } });
    expect(draft.justAbove.map((p) => colourOf.get(p.photo.id))).toEqual(Array(PER_COLOUR).fill('blue'));
    expect(await h.call('labels.preview', { labelId, draft: { name: '蓝', phrasings: [], exclusions: [] } })).toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('queues the suggestions least certain first, and a decision changes the counts and teaches the label', async () => {
    const setId = (await colourSet()).id;
    const queue = await h.value('tags.review', { offset: 0, limit: 100, setId });
    expect(queue.total).toBe(colourOf.size);
    const margins = queue.items.map((i) => Math.abs(i.score - i.threshold));
    expect(margins).toEqual([...margins].sort((a, b) => a - b));

    const red = await labelIdOf('红');
    const [first, second] = idsOf('red');
    expect(await h.value('tags.decide', { photoIds: [first!], labelId: red, decision: 'confirmed' })).toEqual({ changed: 1 });
    expect(await h.value('tags.decide', { photoIds: [second!], labelId: red, decision: 'rejected' })).toEqual({ changed: 1 });
    await settled();
    const label = (await colourSet()).labels.find((l) => l.id === red)!;
    expect(label.counts).toEqual({ auto: PER_COLOUR - 2, confirmed: 1, rejected: 1 });
    expect(label.learned).toBe(true);
    expect((await h.value('tags.review', { offset: 0, limit: 100, setId })).total).toBe(colourOf.size - 2);
    expect((await h.value('tags.byLabel', { labelId: red, offset: 0, limit: 50, source: 'rejected' })).photos.map((p) => p.photo.id)).toEqual([second]);

    const detail = await h.value('photo.detail', { id: first! });
    expect(detail.tags).toContainEqual(expect.objectContaining({ label: '红', set: '颜色', source: 'confirmed', score: expect.any(Number) }));

    expect(await h.value('tags.decide', { photoIds: [second!], labelId: red, decision: 'clear' })).toEqual({ changed: 1 });
    expect(await h.call('tags.decide', { photoIds: [999_999], labelId: red, decision: 'confirmed' })).toMatchObject({ ok: false, code: 'PHOTO_NOT_FOUND' });
    await settled();
    expect(await h.value('labels.reset', { labelId: red })).toEqual({ forgotten: true });
    await settled();
    expect((await colourSet()).labels.find((l) => l.id === red)!.learned).toBe(false);
  });

  it('exports a set, re-imports it unchanged, and places a broken file\'s problem on its line', async () => {
    const { id } = await colourSet();
    const exported = await h.value('labelSets.export', { id, format: 'yaml' });
    expect(exported.fileName).toBe('颜色.yaml');
    expect(await h.value('labelSets.import', { text: exported.text, fileName: exported.fileName })).toMatchObject({ saved: true, changed: false });
    const broken = await h.value('labelSets.import', { text: 'name: 颜色\nlabels:\n  - name: 红\n    threshold: 5\n', fileName: 'x.yaml' });
    expect(broken).toMatchObject({ saved: false, code: 'LABEL_SET_INVALID', issues: [{ field: 'labels[0].threshold', line: 4 }] });
  });

  it('renames a set in place and deletes it with its decisions', async () => {
    const { id } = await colourSet();
    expect(await h.value('labelSets.save', { id, set: { ...SET, name: '色彩' } })).toMatchObject({ saved: true, created: false, set: { id, name: '色彩' } });
    await settled();
    const red = (await h.value('labelSets.get', { id })).labels.find((l) => l.name === '红')!.id;
    await h.value('tags.decide', { photoIds: idsOf('red'), labelId: red, decision: 'confirmed' });
    expect(await h.value('labelSets.delete', { id })).toEqual({ removedDecisions: PER_COLOUR });
    expect(await h.call('labelSets.get', { id })).toMatchObject({ ok: false, code: 'LABEL_SET_NOT_FOUND' });
    await settled();
  });
});

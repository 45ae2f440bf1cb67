import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUiLibrary } from '../bench/ui-library.js';
import { NO_VOCAB_REASON, referenceVocabFile } from '../fixtures/reference-vocab.js';
import { AppUnderTest, CHROMIUM } from './app-under-test.js';
import { indexColourLibrary, until } from './colour-library.js';
import type { Colour } from './colour-photos.js';

const vocab = referenceVocabFile();
const missing = !vocab ? NO_VOCAB_REASON : !fs.existsSync(CHROMIUM) ? `needs Chromium at ${CHROMIUM} (npm run setup:test)` : null;
if (missing) console.warn(`skipping the search filter flows: ${missing}`);

const PATIENCE = { timeout: 90_000 };
const POLL = { timeout: PATIENCE.timeout, interval: 200 };
const CAMERA = 'FUJIFILM X-T30';
/** The bench's scroll probe (plain JavaScript, injected before the app's scripts). */
const PROBES = path.join(import.meta.dirname, '../bench/ui-page-probes.js');

describe.skipIf(missing)('search filters: tags and camera narrow a text search', () => {
  let app: AppUnderTest;
  let byColour: Map<Colour, string[]>;

  beforeAll(async () => {
    app = await AppUnderTest.start();
    byColour = await indexColourLibrary(app, vocab!);
    const { handlers } = app.service;
    await handlers['labelSets.save']({
      set: { name: '颜色', description: null, exclusive: false, labels: ['红', '绿', '蓝', '黄'].map((name) => ({ name, phrasings: [], exclusions: [], threshold: null })) },
    });
    await until(async () => (await handlers['tagging.status']({})).state === 'idle');
    await until(async () => (await handlers['labelSets.list']({})).some((s) => s.labels.every((l) => l.counts.auto > 0)));
    await app.page.reload();
  });

  afterAll(async () => {
    await app?.close();
  });

  const gridIds = () =>
    app.page.locator('.photo-grid [data-photo-id]').evaluateAll((tiles) => tiles.map((t) => Number(t.getAttribute('data-photo-id'))));

  async function idsOf(files: readonly string[]): Promise<number[]> {
    const { photos } = await app.service.handlers['library.photos']({ offset: 0, limit: 2000 });
    return photos.filter((p) => files.includes(p.path)).map((p) => p.id).sort((a, b) => a - b);
  }

  it('adds a tag filter and a camera filter as chips, each narrowing the results, and keeps them while the query changes', async () => {
    const { page } = app;
    const found = page.getByText(/找到 \d+ 张/);
    const count = async () => Number((await found.textContent())!.match(/\d+/)![0]);
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    const filters = page.getByRole('group', { name: '筛选' });
    await filters.getByRole('combobox', { name: '相机' }).locator('option', { hasText: CAMERA }).waitFor({ state: 'attached', ...PATIENCE });

    // Time words alone list every photo they cover: here all of them, so only the filters narrow.
    await page.getByLabel('搜索照片').fill('最近五年');
    await found.waitFor(PATIENCE);
    const broad = await count();
    expect(broad).toBe([...byColour.values()].flat().length);

    await filters.getByRole('combobox', { name: '标签' }).selectOption({ label: '红' });
    await page.locator('.chip', { hasText: '标签：红' }).waitFor();
    const red = await idsOf(byColour.get('red')!);
    await expect.poll(async () => (await gridIds()).sort((a, b) => a - b), POLL).toEqual(red);
    expect(red.length).toBeLessThan(broad);

    // Only the dated red photos carry EXIF with the camera; the undated one has none.
    await filters.getByRole('combobox', { name: '相机' }).selectOption(CAMERA);
    await page.locator('.chip', { hasText: `相机：${CAMERA}` }).waitFor();
    const redWithCamera = await idsOf(byColour.get('red')!.slice(0, 3));
    await expect.poll(async () => (await gridIds()).sort((a, b) => a - b), POLL).toEqual(redWithCamera);
    await app.screenshot('10-search-filters');

    // Editing the query keeps the filters: 「2024年」 becomes a time chip beside them.
    await page.getByLabel('搜索照片').fill('2024年');
    await page.locator('.chip', { hasText: '2024' }).waitFor(PATIENCE);
    await expect.poll(async () => (await gridIds()).length, POLL).toBe(2);
    await page.locator('.chip', { hasText: '标签：红' }).waitFor();
    await app.screenshot('11-search-filters-time-chip');

    await page.locator('.chip', { hasText: `相机：${CAMERA}` }).getByRole('button', { name: '移除' }).click();
    await page.locator('.chip', { hasText: '标签：红' }).getByRole('button', { name: '移除' }).click();
    await expect.poll(() => page.locator('.chip').count(), POLL).toBe(1);
    // Two months of 2024 × four colours.
    await expect.poll(async () => (await gridIds()).length, POLL).toBe(8);
  });

  it('filters by a month range and by folder, shown as chips', async () => {
    const { page } = app;
    await page.getByLabel('搜索照片').fill('最近五年');
    await page.locator('.chip', { hasText: '最近5年' }).waitFor(PATIENCE);
    await page.getByLabel('开始日期').fill('2024-03');
    await page.getByLabel('结束日期').fill('2024-07');
    await page.locator('.chip', { hasText: '日期：2024-03 至 2024-07' }).waitFor();
    const folder = page.getByRole('combobox', { name: '文件夹' });
    await folder.fill(path.join(app.work, 'photos'));
    await folder.press('Enter');
    await page.locator('.chip', { hasText: '文件夹：photos' }).waitFor();
    // Two dated months × four colours, and the undated photos (this month by file time) left out.
    await expect.poll(async () => (await gridIds()).length, POLL).toBe(8);
    await app.screenshot('12-search-filters-date-folder');
  });

  it('ran without page errors', () => {
    expect(app.pageErrors).toEqual([]);
  });
});

describe.skipIf(missing)('a fast scroll through a large library, then a search', () => {
  let app: AppUnderTest;

  beforeAll(async () => {
    app = await AppUnderTest.start({ prepare: (dirs) => seedUiLibrary(dirs, 20_000) });
    // The harness's page would load the library too; only the probed one below should be talking to the bridge.
    await app.page.close();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('fetches only where the scroll stops, and a search right after it answers', async () => {
    const page = await app.newPage({ initScript: PROBES });
    const pageRequests: string[] = [];
    page.on('request', (r) => r.url().endsWith('/api/library.photos') && pageRequests.push(r.url()));
    await page.goto(app.bridge.url);
    await page.evaluate(() => (globalThis as unknown as { xuntuBench: { firstGrid(): Promise<number> } }).xuntuBench.firstGrid());
    const before = pageRequests.length;

    const run = await page.evaluate(() => (globalThis as unknown as { xuntuBench: { scrollGrid(ms: number): Promise<{ distance: number; reached: number }> } }).xuntuBench.scrollGrid(2_000));
    expect(run.reached).toBeGreaterThan(run.distance - 2);
    // The last screen fills in once the scroll has stopped.
    await expect.poll(() => page.locator('.photo-grid [data-photo-id]').count(), POLL).toBeGreaterThan(0);
    // 20,000 photos are 84 pages of 240: only a few of them were asked for on the way.
    expect(pageRequests.length - before).toBeLessThan(20);

    await page.getByRole('button', { name: '搜索', exact: true }).click();
    await page.getByLabel('搜索照片').fill('红色');
    await page.getByLabel('搜索照片').press('Enter');
    await page.getByText(/找到 \d+ 张/).waitFor();
    await page.context().close();
  });
});

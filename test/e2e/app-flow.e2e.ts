import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateColourClipModels } from '../fixtures/colour-clip/generate-colour-clip.js';
import { NO_VOCAB_REASON, referenceVocabFile } from '../fixtures/reference-vocab.js';
import { AppUnderTest, CHROMIUM } from './app-under-test.js';
import { writeColourPhotos, type Colour } from './colour-photos.js';

const vocab = referenceVocabFile();
const missing = !vocab ? NO_VOCAB_REASON : !fs.existsSync(CHROMIUM) ? `needs Chromium at ${CHROMIUM} (npm run setup:test)` : null;
if (missing) console.warn(`skipping the app flows: ${missing}`);

/** How long a user would wait before giving up on a step; generous for a 2-core machine, never asserted on. */
const PATIENCE = { timeout: 90_000 };
const POLL = { timeout: PATIENCE.timeout, interval: 200 };

describe.skipIf(missing)('the app in Chromium, first launch to search', () => {
  let app: AppUnderTest;
  let photosDir: string;
  let modelDir: string;
  let byColour: Map<Colour, string[]>;
  let photoCount: number;

  beforeAll(async () => {
    app = await AppUnderTest.start();
    photosDir = path.join(app.work, 'photos');
    byColour = await writeColourPhotos(photosDir);
    photoCount = [...byColour.values()].flat().length;
    const models = await generateColourClipModels(path.join(app.work, 'generated'), { vocabFile: vocab! });
    modelDir = path.dirname(models.xuntu.manifest);
  });

  afterAll(async () => {
    await app?.close();
  });

  /** The ids the core gave each colour's photos, to check what the grid shows against. */
  async function idsOf(colour: Colour): Promise<Set<number>> {
    const page = await app.service.handlers['library.photos']({ offset: 0, limit: 2000 });
    const files = new Set(byColour.get(colour));
    return new Set(page.photos.filter((p) => files.has(p.path)).map((p) => p.id));
  }

  /** Every <img> on the page has arrived and decoded (the page's CSP forbids string evaluation, so a function). */
  const imagesLoaded = () =>
    app.page.locator('img').evaluateAll((imgs) =>
      imgs.every((img) => {
        const { complete, naturalWidth } = img as unknown as { complete: boolean; naturalWidth: number };
        return complete && naturalWidth > 0;
      }),
    );

  const gridIds = () =>
    app.page.locator('.photo-grid [data-photo-id]').evaluateAll((tiles) => tiles.map((t) => Number(t.getAttribute('data-photo-id'))));

  it('first launch: adds the photo folder and imports the colour model', async () => {
    const { page } = app;
    await page.getByRole('heading', { name: '欢迎使用寻图' }).waitFor();
    await app.screenshot('01-first-launch');

    await page.getByLabel('文件夹路径').fill(photosDir);
    await page.getByRole('button', { name: '添加', exact: true }).click();
    await page.getByText(photosDir, { exact: true }).waitFor();
    await page.getByRole('button', { name: '下一步' }).click();

    await page.getByLabel('模型文件夹').fill(modelDir);
    // The generated model, like an OFA-Sys export, ships no tokenizer: the user points at Chinese-CLIP's vocab.txt.
    await page.getByLabel('词表文件').fill(vocab!);
    await page.getByRole('button', { name: '导入并使用' }).click();
    await page.getByText('正在使用').waitFor(PATIENCE);
    await app.screenshot('02-first-launch-model');
    expect((await app.service.handlers['app.info']({})).activeModel).not.toBeNull();
  });

  it('starts indexing and shows the photos by month as they are processed', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '开始索引' }).click();
    await page.getByRole('heading', { name: '图库' }).waitFor();
    await expect.poll(() => page.locator('.photo-grid [data-photo-id]').count(), POLL).toBe(photoCount);
    await expect.poll(imagesLoaded, POLL).toBe(true);
    // Month headers, newest first; the undated photos fall back to their file time (this month), so come first.
    const headers = await page.locator('.photo-grid-header > span:first-child').allTextContents();
    expect(headers.slice(1)).toEqual(['2024年7月', '2024年3月', '2023年10月']);
    await app.screenshot('03-library');
  });

  it('shows indexing done, with nothing failed', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '索引' }).click();
    await page.getByText('空闲').waitFor(PATIENCE);
    await page.getByText('所有文件都读取成功').waitFor();
    await app.screenshot('04-indexing');
  });

  it('searches 「红色」 and puts the red photos first', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '搜索' }).click();
    await page.getByLabel('搜索照片').fill('红色');
    await page.getByText(/找到 \d+ 张/).waitFor(PATIENCE);
    const red = await idsOf('red');
    const shown = await gridIds();
    expect(new Set(shown.slice(0, red.size))).toEqual(red);
    await app.screenshot('05-search-red');
  });

  it('turns a time expression into a removable chip', async () => {
    const { page } = app;
    await page.getByLabel('搜索照片').fill('2024年 红色');
    const chip = page.locator('.chip', { hasText: '2024' });
    await chip.waitFor(PATIENCE);
    await page.getByText(/找到 2 张/).waitFor();
    await app.screenshot('06-search-time-chip');
    await chip.getByRole('button', { name: '移除' }).click();
    await expect.poll(() => page.getByLabel('搜索照片').inputValue()).toBe('红色');
    await page.getByText(/找到 (\d+) 张/).waitFor();
  });

  it('opens the viewer from the keyboard, with the capture time, camera, place and photos like it', async () => {
    const { page } = app;
    const [firstRed] = byColour.get('red')!;
    const page0 = await app.service.handlers['library.photos']({ offset: 0, limit: 2000 });
    const id = page0.photos.find((p) => p.path === firstRed)!.id;
    await page.locator(`.photo-grid [data-photo-id="${id}"]`).click();
    await page.keyboard.press('Enter');
    const viewer = page.getByRole('dialog', { name: '照片详情' });
    await viewer.getByRole('heading', { name: path.basename(firstRed!) }).waitFor(PATIENCE);
    await viewer.getByText('FUJIFILM X-T30').waitFor();
    await viewer.getByText(/30\.2431\d° N, 120\.1503\d° E/).waitFor();
    await viewer.getByRole('heading', { name: '相似的照片' }).waitFor(PATIENCE);
    await expect.poll(imagesLoaded, POLL).toBe(true);
    await app.screenshot('07-viewer');

    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
  });

  it('switches the whole UI to English and keeps the choice in the library', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '设置' }).click();
    await page.getByRole('radio', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.getByRole('button', { name: 'Library' }).waitFor();
    await app.screenshot('08-settings-english');
    await expect.poll(async () => (await app.service.handlers['settings.get']({})).language).toBe('en');

    await page.getByRole('button', { name: 'Library' }).click();
    await page.getByText(`${photoCount} photos`, { exact: true }).waitFor();
    await app.screenshot('09-library-english');
  });

  it('ran without page errors (a CSP violation would be one)', () => {
    expect(app.pageErrors).toEqual([]);
  });
});

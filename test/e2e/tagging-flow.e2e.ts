import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_VOCAB_REASON, referenceVocabFile } from '../fixtures/reference-vocab.js';
import { AppUnderTest, CHROMIUM } from './app-under-test.js';
import { indexColourLibrary, until } from './colour-library.js';

const vocab = referenceVocabFile();
const missing = !vocab ? NO_VOCAB_REASON : !fs.existsSync(CHROMIUM) ? `needs Chromium at ${CHROMIUM} (npm run setup:test)` : null;
if (missing) console.warn(`skipping the tagging flows: ${missing}`);

const PATIENCE = { timeout: 90_000 };
const POLL = { timeout: PATIENCE.timeout, interval: 200 };
const COLOUR_LABELS = ['红', '绿', '蓝', '黄'];

describe.skipIf(missing)('tagging in the app: a 颜色 label set, the review queue, the tags view and the viewer', () => {
  let app: AppUnderTest;
  let photoCount: number;

  beforeAll(async () => {
    app = await AppUnderTest.start();
    photoCount = [...(await indexColourLibrary(app, vocab!)).values()].flat().length;
    const { handlers } = app.service;
    await until(async () => (await handlers['tagging.status']({})).state === 'idle');
    await app.page.reload();
  });

  afterAll(async () => {
    await app?.close();
  });

  const colourSet = async () => (await app.service.handlers['labelSets.list']({})).find((s) => s.name === '颜色');

  it('creates a 颜色 set in the editor, previews a label while its threshold moves, and saves it', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '标签', exact: true }).click();
    await page.getByRole('heading', { name: '标签', exact: true }).waitFor();
    await page.getByRole('button', { name: '新建标签集' }).click();
    await page.getByLabel('名称', { exact: true }).fill('颜色');
    for (const [i, name] of COLOUR_LABELS.entries()) {
      if (i > 0) await page.getByRole('button', { name: '添加标签' }).click();
      await page.getByLabel('标签名').nth(i).fill(name);
    }
    await page.getByLabel('标签名').nth(0).focus();
    const preview = page.getByRole('region', { name: '阈值预览：「红」' });
    const count = preview.locator('.threshold-preview-count');
    await count.waitFor(PATIENCE);
    const atDefault = Number(await count.getAttribute('data-passing'));
    expect(atDefault).toBe(4);
    await app.screenshot('t01-editor-preview');

    // As low as the slider goes: every photo passes; the preview follows without a save.
    const slider = preview.getByRole('slider', { name: '阈值' });
    await slider.fill(await slider.getAttribute('min') as string);
    await expect.poll(async () => Number(await count.getAttribute('data-passing')), POLL).toBeGreaterThan(atDefault);
    await app.screenshot('t02-editor-threshold-dragged');
    await page.getByRole('button', { name: '用默认阈值' }).click();

    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('heading', { name: '编辑「颜色」' }).waitFor(PATIENCE);
    await expect.poll(async () => (await colourSet())?.labels.map((l) => l.counts.auto), POLL).toEqual([4, 4, 4, 4]);
  });

  it('shows field errors for an invalid set and saves nothing', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '新建标签集' }).click();
    await page.getByLabel('名称', { exact: true }).fill('颜色');
    await page.getByLabel('标签名').nth(0).fill('红/绿');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText(/有 \d+ 处需要修改/).waitFor();
    await page.getByText('must not contain / or |', { exact: false }).waitFor();
    await app.screenshot('t03-editor-errors');
    expect((await app.service.handlers['labelSets.list']({})).filter((s) => s.name === '颜色')).toHaveLength(1);
    await page.getByRole('button', { name: '取消' }).click();
  });

  it('reviews suggestions with Y and N, and the counts follow', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '待确认' }).click();
    await page.getByLabel('范围').selectOption({ label: '颜色' });
    const question = page.locator('.review-single-question');
    await question.waitFor(PATIENCE);
    await page.getByText(`还有 ${photoCount} 条待确认`).waitFor();
    await app.screenshot('t04-review');

    await page.keyboard.press('y');
    await page.getByText(`还有 ${photoCount - 1} 条待确认`).waitFor();
    await page.keyboard.press('n');
    await page.getByText(`还有 ${photoCount - 2} 条待确认`).waitFor();
    await app.screenshot('t05-review-decided');
    await expect
      .poll(async () => (await colourSet())!.labels.reduce((n, l) => n + l.counts.confirmed * 10 + l.counts.rejected, 0), POLL)
      .toBe(11);

    await page.getByRole('button', { name: '撤销' }).click();
    await page.getByText(`还有 ${photoCount - 1} 条待确认`).waitFor();
    await expect.poll(async () => (await colourSet())!.labels.reduce((n, l) => n + l.counts.rejected, 0), POLL).toBe(0);
  });

  it('shows the confirmed tag in the Tags view and, with its score, in the viewer', async () => {
    const { page } = app;
    const confirmed = (await colourSet())!.labels.find((l) => l.counts.confirmed === 1)!;
    await page.getByRole('button', { name: '标签', exact: true }).click();
    await page.locator(`[data-set="颜色"] [data-label="${confirmed.name}"]`).click();
    await page.getByText(/已确认 1 · 已否决 0/).waitFor(PATIENCE);
    await page.getByRole('radio', { name: '已确认' }).click();
    const cell = page.locator('.label-photo-cell').first();
    await cell.waitFor(PATIENCE);
    await app.screenshot('t06-tags-label');

    await cell.dblclick();
    const viewer = page.getByRole('dialog', { name: '照片详情' });
    const tag = viewer.locator(`.photo-tags li[data-label="${confirmed.name}"]`);
    await tag.waitFor(PATIENCE);
    expect(await tag.getAttribute('data-source')).toBe('confirmed');
    expect(await tag.locator('.photo-tags-score').textContent()).toMatch(/^-?\d\.\d{3}$/);
    await app.screenshot('t07-viewer-tags');
    await page.keyboard.press('Escape');
  });

  it('ran without page errors', () => {
    expect(app.pageErrors).toEqual([]);
  });
});

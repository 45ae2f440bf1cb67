import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AppService } from '../../main/core/app/app-service.js';
import { startBridge, type Bridge } from '../../main/core/serve/bridge-server.js';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots');
const repoRoot = path.resolve(import.meta.dirname, '../..');

/**
 * The app as a user meets it through `xuntu serve`: the renderer built by its real build script, the bridge over a
 * fresh library and models folder, and a Chromium page that opened the bridge's tokened address.
 */
export class AppUnderTest {
  private constructor(
    readonly work: string,
    readonly service: AppService,
    readonly bridge: Bridge,
    readonly browser: Browser,
    readonly page: Page,
    /** Uncaught errors and console errors the page reported (a CSP violation shows up here). */
    readonly pageErrors: string[],
  ) {}

  static async start(): Promise<AppUnderTest> {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-e2e-'));
    const staticDir = path.join(work, 'renderer');
    await promisify(execFile)(process.execPath, [path.join(repoRoot, 'scripts/build-renderer.mjs'), staticDir], { cwd: repoRoot });
    const service = new AppService({
      libraryDir: path.join(work, 'library'),
      modelsDir: path.join(work, 'models'),
      version: '0.0.0-e2e',
      defaultLanguage: 'zh-CN',
    });
    const bridge = await startBridge({ service, staticDir });
    // Chromium refuses its sandbox to root (containers, CI); elsewhere keep it.
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => msg.type() === 'error' && pageErrors.push(msg.text()));
    await page.goto(bridge.url);
    return new AppUnderTest(work, service, bridge, browser, page, pageErrors);
  }

  async screenshot(name: string): Promise<void> {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await this.page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.bridge.close();
    await this.service.close();
    fs.rmSync(this.work, { recursive: true, force: true });
  }
}

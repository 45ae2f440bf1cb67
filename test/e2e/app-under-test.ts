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

export interface LibraryDirs {
  libraryDir: string;
  modelsDir: string;
}

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

  /** `prepare` fills the library before the app opens it (the UI benches' generated 100,000 photos). */
  static async start(opts: { prepare?(dirs: LibraryDirs): Promise<void> } = {}): Promise<AppUnderTest> {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-e2e-'));
    const staticDir = path.join(work, 'renderer');
    await promisify(execFile)(process.execPath, [path.join(repoRoot, 'scripts/build-renderer.mjs'), staticDir], { cwd: repoRoot });
    const dirs: LibraryDirs = { libraryDir: path.join(work, 'library'), modelsDir: path.join(work, 'models') };
    await opts.prepare?.(dirs);
    const service = new AppService({
      ...dirs,
      version: '0.0.0-e2e',
      defaultLanguage: 'zh-CN',
    });
    const bridge = await startBridge({ service, staticDir });
    // Chromium refuses its sandbox to root (containers, CI); elsewhere keep it.
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
    const page = await newAppPage(browser);
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => msg.type() === 'error' && pageErrors.push(msg.text()));
    await page.goto(bridge.url);
    return new AppUnderTest(work, service, bridge, browser, page, pageErrors);
  }

  /**
   * Another page in a fresh browser context (empty cache), not yet navigated; `initScript` (a file) runs in it
   * before the app's own scripts on every load.
   */
  async newPage(opts: { initScript?: string } = {}): Promise<Page> {
    const page = await newAppPage(this.browser);
    if (opts.initScript) await page.context().addInitScript({ path: opts.initScript });
    return page;
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

async function newAppPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  return context.newPage();
}

import { describe, expect, it } from 'vitest';
import { windowOptions } from '../../../main/electron/window-options.js';

describe('window options', () => {
  const prefs = windowOptions({ preload: '/app/out/preload/preload.cjs', title: '寻图' }).webPreferences!;

  it('isolates and sandboxes the page, with no Node in it or its workers and frames', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('keeps web security on, refuses <webview> and mixed content, and has no spellchecker', () => {
    expect(prefs).toMatchObject({ webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, spellcheck: false });
  });

  it('loads the given preload', () => {
    expect(prefs.preload).toBe('/app/out/preload/preload.cjs');
  });
});

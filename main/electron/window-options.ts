import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The main window. Every renderer-side protection Electron has is on: the page runs sandboxed with no Node, in its
 * own JavaScript world apart from the preload (which exposes only the contract through contextBridge); web security
 * stays on; no <webview>; no spellchecker (it would send words to a dictionary service on some platforms and the
 * app has no free text worth checking). Most are Electron's defaults already: spelled out so a test can hold them.
 */
export function windowOptions(options: { preload: string; title: string }): BrowserWindowConstructorOptions {
  return {
    title: options.title,
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    // Shown on 'ready-to-show', so the window never flashes white before the first paint.
    show: false,
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  };
}

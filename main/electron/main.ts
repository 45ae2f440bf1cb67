import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import { AppService } from '../core/app/app-service.js';
import { uiLanguage } from '../core/app/app-settings.js';
import { errorMessage } from '../core/errors.js';
import { parseLang } from '../core/i18n/locale.js';
import { RemotePool } from '../core/infer/remote-pool.js';
import { resolveLibraryDir } from '../core/library/library-dir.js';
import { resolveModelsDir } from '../core/models/model-store.js';
import { appMenuTemplate } from './app-menu.js';
import { APP_INDEX_URL } from './app-origin.js';
import { BUNDLED_MODEL_DIR, PRELOAD_FILE, RENDERER_DIR } from './app-paths.js';
import { handleAppProtocols, PRIVILEGED_SCHEMES } from './app-protocol.js';
import { importBundledModel } from './bundled-model.js';
import { gracefulQuit } from './graceful-shutdown.js';
import { forwardEvents, registerIpcHandlers } from './ipc-handlers.js';
import { applyNavigationPolicy, denyAllPermissions } from './navigation-policy.js';
import { forkUtilityPoolHost } from './utility-pool-host.js';
import { windowOptions } from './window-options.js';

/**
 * The Electron main process: a thin shell around main/core's AppService. Every decision lives in the small modules
 * beside this one (tested under plain Node); this file only wires them to Electron. Indexing and inference run off
 * this thread: the index job awaits I/O, and inference runs in a utility process (utility-pool-host.ts) whose native
 * crash costs a model reload, not the window.
 */

// The library and models live where the CLI looks for them (library-dir.ts: <appData>/Xuntu/…), not under the
// product name Electron would pick, so `xuntu` and the app share one library.
app.setPath('userData', path.join(app.getPath('appData'), 'Xuntu'));
// Sandbox every renderer, whatever a window's options say.
app.enableSandbox();
protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES);

if (app.requestSingleInstanceLock()) start();
else app.quit(); // Another Xuntu has the library open; it is focused through 'second-instance'.

function start(): void {
  let service: AppService | undefined;
  let window: BrowserWindow | undefined;
  const dev = !app.isPackaged;
  const appDir = app.getAppPath();

  const showWindow = () => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  const createWindow = () => {
    window = new BrowserWindow(windowOptions({ preload: path.join(appDir, PRELOAD_FILE), title: '寻图 Xuntu' }));
    applyNavigationPolicy(window.webContents, (url) => void shell.openExternal(url));
    window.once('ready-to-show', showWindow);
    void window.loadURL(APP_INDEX_URL);
  };

  const setMenu = async (running: AppService) => {
    const { language } = await running.handlers['settings.get']({});
    Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({ language, platform: process.platform, dev })));
  };

  app.on('second-instance', showWindow);
  // macOS apps stay in the Dock with no window; the Dock icon opens a new one.
  app.on('window-all-closed', () => process.platform !== 'darwin' && app.quit());
  app.on('activate', () => (!window || window.isDestroyed()) && service && createWindow());
  app.on(
    'before-quit',
    gracefulQuit(
      async () => service?.close(),
      (code) => app.exit(code),
      (err) => console.error(`Xuntu: closing the library failed: ${errorMessage(err)}`),
    ),
  );

  app
    .whenReady()
    .then(async () => {
      denyAllPermissions(session.defaultSession);
      const running = new AppService({
        libraryDir: resolveLibraryDir(undefined),
        modelsDir: resolveModelsDir(undefined),
        version: app.getVersion(),
        defaultLanguage: uiLanguage(parseLang(app.getLocale()) ?? 'zh'),
        showInFolder: async (file) => shell.showItemInFolder(file),
        pickFolder: async () => {
          const options = { properties: ['openDirectory' as const] };
          const picked = window && !window.isDestroyed() ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
          return picked.canceled ? null : (picked.filePaths[0] ?? null);
        },
        startPool: (options) => RemotePool.start(options, forkUtilityPoolHost),
      });
      service = running;
      handleAppProtocols(protocol, { rendererDir: path.join(appDir, RENDERER_DIR), cacheDir: running.library.cacheDir });
      registerIpcHandlers(ipcMain, running, (id) => window !== undefined && !window.isDestroyed() && window.webContents.id === id);
      forwardEvents(running, () => (window && !window.isDestroyed() ? [window.webContents] : []));
      running.events.subscribe((event, payload) => {
        if (event === 'library.changed' && (payload as { what: string }).what === 'settings') void setMenu(running);
      });
      await setMenu(running);
      createWindow();
      // Runs beside the window: without a model the app still browses, and the first-launch screen can download one.
      importBundledModel(running, path.join(process.resourcesPath, BUNDLED_MODEL_DIR)).catch((err: unknown) =>
        console.error(`Xuntu: importing the bundled model failed: ${errorMessage(err)}`),
      );
    })
    .catch((err: unknown) => {
      // A library from a newer Xuntu, an unreadable folder…: say why rather than vanish.
      dialog.showErrorBox('寻图 Xuntu', errorMessage(err));
      app.exit(1);
    });
}

/**
 * Where the app's own files are, relative to the app folder (app.getAppPath(): the project when run with
 * `electron .`, resources/app.asar when packaged). electron-builder.yml must ship each of them; a packaging test
 * holds it to that.
 */
export const RENDERER_DIR = 'out/renderer';
export const PRELOAD_FILE = 'out/preload/preload.cjs';
/** In resources/, beside app.asar, only in offline installers (docs/packaging.md). */
export const BUNDLED_MODEL_DIR = 'bundled-model';

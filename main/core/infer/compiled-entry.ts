/**
 * The compiled entry file `name` (a worker or process entry) for a module of this folder at `moduleUrl`: the file
 * beside it with its extension (.js from tsc, .mjs inside the one-file bundles), except in a packaged desktop app
 * (the module inside resources/app.asar). There the entry is the one-file bundle scripts/build-electron.mjs writes to
 * out/worker/, which electron-builder leaves unpacked in app.asar.unpacked beside the native onnxruntime-node, so the
 * thread or process never depends on asar support, long missing in worker threads (electron/electron#22446) and
 * absent for the native addon's own files.
 */
export function compiledEntry(name: string, moduleUrl: string): URL {
  const extension = moduleUrl.endsWith('.mjs') ? '.mjs' : '.js';
  const beside = new URL(`./${name}${extension}`, moduleUrl);
  if (!beside.pathname.includes('/app.asar/')) return beside;
  const bundled = new URL(`../../../worker/${name}.mjs`, moduleUrl);
  bundled.pathname = bundled.pathname.replace('/app.asar/', '/app.asar.unpacked/');
  return bundled;
}

import type { CatalogEntry, CatalogVariant } from '../../../models/catalog.js';
import type { ModelManifest } from '../clip/model-manifest.js';

/**
 * Converts a folder of published files, laid out as `entry.format` says, into the Xuntu layout. The adapters live in
 * main/core/clip/adapters/ (one per format); fetching and importing take the hook as a parameter so the store does
 * not depend on ONNX tooling, and tests can pass a small one.
 *
 * Contract:
 *   - read `sourceDir` and never modify it: on failure it is kept, so a retry does not download again;
 *   - `destDir` exists and is empty apart from Xuntu's bookkeeping (`.partial/`, which may be `sourceDir`);
 *   - leave in `destDir` every file the engine needs, manifest.json included, and resolve with that manifest;
 *   - reject with a XuntuError (MODEL_CORRUPT when the files are not what `entry.format` promises).
 * The caller then records sizes and hashes of everything in `destDir` (install.json) and verifies the result.
 */
export type ImportModelHook = (sourceDir: string, entry: CatalogEntry, variant: CatalogVariant, destDir: string) => Promise<ModelManifest>;

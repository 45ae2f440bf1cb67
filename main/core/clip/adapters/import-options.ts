import { z } from 'zod';
import type { ModelManifest } from '../model-manifest.js';

/**
 * The variant as callers pass it: its id ('fp32', 'fp16', 'int8', …), or the model manager's catalog variant, whose
 * `files` say exactly which files make it up (main/core/models/import-hook.ts passes that).
 */
export type VariantArg = string | { id: string; files?: readonly { path: string }[] };

/**
 * What the model manager calls to turn a downloaded folder into Xuntu's layout in `destDir`. `variant` accepts the
 * plain id as well as the catalog variant, so the hook fits both the id-based and the catalog-based callers.
 */
export type ImportHook = (sourceDir: string, entry: unknown /* catalog entry, may be ignored */, variant: VariantArg, destDir: string) => Promise<ModelManifest>;

export interface ImportOptions {
  /** Which file set to import: 'fp32' or 'fp16' (OFA-Sys); 'fp32', 'fp16', 'int8', 'q4', … (Hugging Face). */
  variant: string;
  /** The variant's files, relative to the source folder, when a catalog lists them; else found by naming convention. */
  files?: string[];
  /** Manifest id; defaults to one derived from the source's name and the variant. */
  id?: string;
  displayName?: string;
  license?: string;
  source?: string;
  /** How the model was trained to see images, for formats that do not record it (OFA-Sys). */
  imageResize?: ModelManifest['image']['resize'];
  /** Vocabulary to use when the folder brings none (the OFA-Sys export ships only the graphs). */
  vocabFile?: string;
}

export type ModelImporter = (sourceDir: string, destDir: string, opts: ImportOptions) => Promise<ModelManifest>;

/** Each field on its own: a catalog entry of another shape lends what it can and the rest is ignored. */
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const catalogEntrySchema = z.object({
  id: optional(z.string()),
  displayName: optional(z.union([z.string(), z.object({ en: z.string() }).transform((name) => name.en)])),
  license: optional(z.string()),
  homepage: optional(z.string()),
  imageResize: optional(z.enum(['direct', 'shortest-side-center-crop'])),
  vocabFile: optional(z.string()),
});

/**
 * Adapts an importer to the model manager's hook. A catalog model's variants share its id, so the manifest id gets
 * the variant appended: embeddings of an fp32 and an int8 variant differ and must not be mixed.
 */
export function importHook(importer: ModelImporter): ImportHook {
  return (sourceDir, entry, variant, destDir) => {
    const { id, displayName, license, homepage, imageResize, vocabFile } = catalogEntrySchema.safeParse(entry).data ?? {};
    const variantId = typeof variant === 'string' ? variant : variant.id;
    return importer(sourceDir, destDir, {
      variant: variantId,
      ...(typeof variant !== 'string' && variant.files && { files: variant.files.map((f) => f.path) }),
      ...(id && { id: modelId(id, variantId) }),
      ...(displayName && { displayName: `${displayName} (${variantId})` }),
      ...(license && { license }),
      ...(homepage && { source: homepage }),
      ...(imageResize && { imageResize }),
      ...(vocabFile && { vocabFile }),
    });
  };
}

/** A manifest id from a free-form name: lowercase, runs of other characters as one "-". */
export function modelId(...parts: string[]): string {
  const id = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9._]+/g, '-')
    .replace(/^[^a-z0-9]+|-+$/g, '');
  return id || 'model';
}

/** The manifest with the fields the caller named explicitly, which win over what an importer derives. */
export function withOverrides(manifest: ModelManifest, opts: ImportOptions): ModelManifest {
  const { id, displayName, license, source } = opts;
  return { ...manifest, ...(id && { id }), ...(displayName && { displayName }), ...(license && { license }), ...(source && { source }) };
}

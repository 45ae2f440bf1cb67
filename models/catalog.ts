import { z } from 'zod';
import { modelManifestSchema } from '../main/core/clip/model-manifest.js';
import { XuntuError } from '../main/core/errors.js';
import catalogJson from './catalog.json' with { type: 'json' };

/**
 * The models Xuntu knows how to fetch or import (catalog.json), validated on first use. The catalog describes what
 * is published upstream; the manifest (main/core/clip/model-manifest.ts) describes what is installed. Ids and file
 * paths reuse the manifest's own rules so a catalog entry can never name something an installed manifest would refuse.
 */

export const HUBS = ['huggingface', 'modelscope'] as const;
export type Hub = (typeof HUBS)[number];

/**
 * How the files a variant lists are laid out, which decides the import adapter: 'ofa-sys' (cn_clip's
 * pytorch_to_onnx.py: <prefix>.img/.txt.<precision>.onnx, no metadata), 'hf-combined' (a Transformers.js-style repo:
 * both towers in onnx/model*.onnx plus config and tokenizer JSON; split on import), 'xuntu' (already our layout).
 */
export const MODEL_FORMATS = ['ofa-sys', 'hf-combined', 'xuntu'] as const;
export type ModelFormat = (typeof MODEL_FORMATS)[number];

const modelId = modelManifestSchema.shape.id;
const pathInModelFolder = modelManifestSchema.shape.files.shape.image;
const imageResize = modelManifestSchema.shape.image.shape.resize;

const bilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 as 64 lowercase hex digits');
/** "owner/name", as both hubs spell repositories. */
const repoId = z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'owner/name');

const catalogFileSchema = z
  .object({
    /** Where the file lands inside the variant's folder (and where the import adapter looks for it). */
    path: pathInModelFolder,
    /** Path relative to the source repository's root at its revision; null for import-only models. */
    url: pathInModelFolder.nullable(),
    /** Exact bytes, when known; otherwise the server's Content-Length is all a download is checked against. */
    size: z.number().int().positive().nullable(),
    /** When null the file is verified by size only (and by loading it as ONNX on import), never by content. */
    sha256: sha256.nullable(),
    /** The size the hub's web page shows (rounded), for telling users what a download costs before it starts. */
    approxSize: z.number().int().positive().optional(),
  })
  .strict();

const variantId = z.enum(['fp32', 'fp16', 'int8', 'q4', 'q4f16']);

const catalogVariantSchema = z
  .object({
    id: variantId,
    /** The variant's own files (the graphs); the entry's shared files come with every variant. */
    files: z.array(catalogFileSchema).min(1),
    notes: bilingual.optional(),
  })
  .strict();

const hubRepoSchema = z
  .object({
    repo: repoId,
    /** Branch, tag or commit; a commit makes the listed sizes and hashes stay true. */
    revision: z.string().min(1),
  })
  .strict();

const catalogEntrySchema = z
  .object({
    id: modelId,
    family: z.string().min(1),
    displayName: bilingual,
    description: bilingual,
    license: z.string().min(1),
    homepage: z.url(),
    embeddingDim: z.number().int().positive(),
    imageSize: z.number().int().positive(),
    /** How the model was trained to see images; formats that do not record it (OFA-Sys) take it from here. */
    imageResize,
    default: z.boolean(),
    format: z.enum(MODEL_FORMATS),
    defaultVariant: variantId,
    /** Files every variant needs (tokenizer, configs). */
    files: z.array(catalogFileSchema),
    variants: z.array(catalogVariantSchema).min(1),
    /** Hubs serving exactly the files listed above, in `format`. Empty: import-only (convert it yourself). */
    sources: z.object({ huggingface: hubRepoSchema.optional(), modelscope: hubRepoSchema.optional() }).strict(),
    /** Where the original (PyTorch) weights are published; for people and export scripts, never fetched. */
    upstream: z.object({ huggingface: repoId.optional(), modelscope: repoId.optional(), checkpoint: z.url().optional() }).strict(),
    notes: bilingual.optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    const variantIds = entry.variants.map((v) => v.id);
    if (!variantIds.includes(entry.defaultVariant)) {
      ctx.addIssue({ code: 'custom', path: ['defaultVariant'], message: `${entry.defaultVariant} is not one of the variants (${variantIds.join(', ')})` });
    }
    for (const id of duplicates(variantIds)) ctx.addIssue({ code: 'custom', path: ['variants'], message: `variant ${id} is listed twice` });
    const downloadable = Object.keys(entry.sources).length > 0;
    entry.variants.forEach((variant, v) => {
      const files = [...entry.files, ...variant.files];
      for (const p of duplicates(files.map((f) => f.path))) {
        ctx.addIssue({ code: 'custom', path: ['variants', v], message: `${p} is listed twice in variant ${variant.id}` });
      }
      // A URL without a source would be unreachable, a source without URLs unusable: both are catalog typos.
      for (const file of files.filter((f) => (f.url !== null) !== downloadable)) {
        ctx.addIssue({
          code: 'custom',
          path: ['variants', v],
          message: downloadable ? `${file.path} has no url but the model has sources` : `${file.path} has a url but the model has no source`,
        });
      }
    });
  });

export const catalogSchema = z
  .object({
    version: z.literal(1),
    models: z.array(catalogEntrySchema).min(1),
  })
  .strict()
  .superRefine((catalog, ctx) => {
    for (const id of duplicates(catalog.models.map((m) => m.id))) ctx.addIssue({ code: 'custom', path: ['models'], message: `model ${id} is listed twice` });
    const defaults = catalog.models.filter((m) => m.default).map((m) => m.id);
    if (defaults.length !== 1) {
      ctx.addIssue({ code: 'custom', path: ['models'], message: `exactly one model must be the default, found ${defaults.length} (${defaults.join(', ')})` });
    }
  });

export type Catalog = z.infer<typeof catalogSchema>;
export type CatalogEntry = Catalog['models'][number];
export type CatalogVariant = CatalogEntry['variants'][number];
export type CatalogFile = CatalogVariant['files'][number];
export type VariantId = CatalogVariant['id'];

function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}

export function parseCatalog(json: unknown): Catalog {
  const result = catalogSchema.safeParse(json);
  if (!result.success) throw new XuntuError('MODEL_CATALOG_INVALID', `the model catalog is invalid:\n${z.prettifyError(result.error)}`);
  return result.data;
}

let bundled: Catalog | undefined;

/** The catalog shipped with this build of Xuntu. */
export function loadCatalog(): Catalog {
  bundled ??= parseCatalog(catalogJson);
  return bundled;
}

export function findModel(catalog: Catalog, id: string): CatalogEntry {
  const entry = catalog.models.find((m) => m.id === id);
  if (!entry) throw new XuntuError('MODEL_NOT_FOUND', `no model "${id}" in the catalog; known models: ${catalog.models.map((m) => m.id).join(', ')}`);
  return entry;
}

/** The model used when the user names none; the schema guarantees there is exactly one. */
export function defaultModel(catalog: Catalog): CatalogEntry {
  return catalog.models.find((m) => m.default)!;
}

export function findVariant(entry: CatalogEntry, id: string = entry.defaultVariant): CatalogVariant {
  const variant = entry.variants.find((v) => v.id === id);
  if (!variant) {
    throw new XuntuError('MODEL_NOT_FOUND', `${entry.id} has no variant "${id}"; available: ${entry.variants.map((v) => v.id).join(', ')}`);
  }
  return variant;
}

/** Everything to download or expect for one variant: the shared files, then the variant's own. */
export function variantFiles(entry: CatalogEntry, variant: CatalogVariant): CatalogFile[] {
  return [...entry.files, ...variant.files];
}

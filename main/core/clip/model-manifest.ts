import { z } from 'zod';

/**
 * manifest.json of a model in Xuntu's own layout: everything the engine needs to run the two towers without
 * guessing. The OFA-Sys and Hugging Face formats are converted to this on import.
 */

/** A file inside the model folder: relative, no "..", so a downloaded manifest cannot point elsewhere. */
const modelFile = z
  .string()
  .min(1)
  .refine((p) => !/^([/\\]|[A-Za-z]:)/.test(p) && !p.split(/[/\\]/).includes('..'), 'must be a relative path inside the model folder');

const tensorName = z.string().min(1);
/** 'dynamic' when the graph takes any batch size; 1 when its batch dimension is fixed (the OFA-Sys export). */
const batch = z.union([z.literal('dynamic'), z.literal(1)]);
const rgb = z.tuple([z.number(), z.number(), z.number()]);
const tokenId = z.number().int().nonnegative();

export const modelManifestSchema = z
  .object({
    /** Stable id; stored beside every embedding so vectors of different models never mix. */
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, ".", "_" and "-"'),
    /** Architecture family, e.g. "chinese-clip"; decides prompt templates and defaults. */
    family: z.string().min(1),
    displayName: z.string().min(1),
    format: z.literal('xuntu'),
    files: z
      .object({
        image: modelFile,
        text: modelFile,
        /** BERT vocab.txt; or */
        vocab: modelFile.optional(),
        /** a Hugging Face tokenizer.json (preferred when both are present). */
        tokenizerJson: modelFile.optional(),
      })
      .strict(),
    image: z
      .object({
        input: tensorName,
        output: tensorName,
        batch,
        /** Square input side in pixels. */
        size: z.number().int().positive(),
        /** 'direct': squash to size×size (Chinese-CLIP); 'shortest-side-center-crop': OpenAI CLIP's. */
        resize: z.enum(['direct', 'shortest-side-center-crop']),
        interpolation: z.enum(['bicubic', 'bilinear']),
        /** Per-channel RGB normalisation applied to [0, 1] pixels: (x - mean) / std. */
        mean: rgb,
        std: rgb.refine((s) => s.every((v) => v > 0), 'must be positive'),
      })
      .strict(),
    text: z
      .object({
        inputIds: tensorName,
        /** Absent when the graph derives the mask itself from padding (the OFA-Sys export). */
        attentionMask: tensorName.optional(),
        output: tensorName,
        batch,
        contextLength: z.number().int().min(2),
        padId: tokenId,
        clsId: tokenId,
        sepId: tokenId,
        unkId: tokenId,
        lowercase: z.boolean(),
        /** The graph outputs one vector per text (pooling and projection are inside it). */
        pooling: z.literal('in-graph'),
      })
      .strict(),
    /** Whether both towers already L2-normalise their outputs; if not, the engine must. */
    outputsNormalized: z.boolean(),
    embeddingDim: z.number().int().positive(),
    /** Multiplier turning cosine similarity into logits for softmax over labels (100 for trained CLIPs). */
    logitScale: z.number().positive(),
    /**
     * Cosine similarity a photo needs to get a label of a multi-label set, for labels without a threshold of their
     * own; absent: the family's default (tagging/tag-threshold.ts). Checkpoints differ in how high their matching
     * scores run, so a calibrated value belongs with the model.
     */
    tagThreshold: z.number().min(-1).max(1).optional(),
    license: z.string().min(1),
    /** Where the weights came from (URL or description). */
    source: z.string().min(1),
    notes: z.string().optional(),
    /**
     * Written by the importer of a converted model: the source files (relative to the imported folder) and their
     * state, so importing unchanged files again can reuse the converted model instead of redoing the conversion.
     */
    importedFrom: z
      .object({
        format: z.enum(['ofa-sys', 'hf-combined', 'xuntu']),
        variant: z.string().min(1),
        files: z.array(
          z.object({ path: z.string().min(1), size: z.number().int().nonnegative(), mtimeMs: z.number(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
        ),
      })
      .strict()
      .optional(),
  })
  .strict();

export type ModelManifest = z.infer<typeof modelManifestSchema>;

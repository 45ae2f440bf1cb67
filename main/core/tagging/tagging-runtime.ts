import type { Db } from '../db/open-database.js';
import { searchModel } from '../models/active-model.js';
import type { PromptEncoder } from './label-prototypes.js';
import { lazyPromptEncoder } from './prompt-encoder.js';

/** What tagging needs of a model: the id its vectors and tags are stored under, and its text side for prompts. */
export interface TaggingRuntime {
  modelId: string;
  encode: PromptEncoder;
}

/**
 * Tags follow search: the model whose vectors search uses (the previous one while a new model is still being
 * back-filled), so tags and search results never disagree. Null when the library has no model yet. The text tower
 * is only loaded if a prompt is missing from the library's cache.
 */
export async function openTaggingRuntime(db: Db): Promise<(TaggingRuntime & { close(): Promise<void> }) | null> {
  const model = await searchModel(db);
  if (!model) return null;
  const encoder = lazyPromptEncoder(model.dir);
  return { modelId: model.manifest.id, encode: encoder.encode, close: () => encoder.close() };
}

/** Runs `run` with the library's tagging runtime (null without a model), closing the text tower afterwards. */
export async function withTaggingRuntime<T>(db: Db, run: (runtime: TaggingRuntime | null) => Promise<T>): Promise<T> {
  const runtime = await openTaggingRuntime(db);
  try {
    return await run(runtime);
  } finally {
    await runtime?.close();
  }
}

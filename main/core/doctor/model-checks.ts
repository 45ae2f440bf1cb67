import type { Db } from '../db/open-database.js';
import { errorMessage } from '../errors.js';
import { activeModel, previousModel } from '../models/active-model.js';
import { ModelStore } from '../models/model-store.js';
import { EXAMPLES, type Check } from './check.js';

/**
 * The models whose vectors and text embeddings are worth keeping: the active one, the previous one (search uses its
 * vectors while the library is re-embedded) and every model installed in the shared models folder (`model use`
 * switches back to it without re-embedding). Undefined when the active model's folder cannot be read: its id is
 * unknown then, and dropping "unknown" vectors could drop hours of embedding work.
 */
async function keptModels(db: Db, modelsDir: string): Promise<{ kept?: Set<string>; problem?: string }> {
  let active;
  try {
    active = await activeModel(db);
  } catch (err) {
    return { problem: errorMessage(err) };
  }
  const kept = new Set<string>();
  if (active) kept.add(active.manifest.id);
  const previous = await previousModel(db);
  if (previous) kept.add(previous.manifest.id);
  for (const installed of await new ModelStore(modelsDir).listInstalled()) if (installed.manifest) kept.add(installed.manifest.id);
  return { kept };
}

/** Rows per model id of some model-keyed tables, those of kept models left out. */
function unkeptRows(db: Db, tables: readonly string[], kept: Set<string>): { models: string[]; count: number } {
  const counts = new Map<string, number>();
  for (const table of tables) {
    for (const row of db.prepare(`SELECT model_id AS model, count(*) AS n FROM ${table} GROUP BY model_id`).all() as { model: string; n: number }[]) {
      if (!kept.has(row.model)) counts.set(row.model, (counts.get(row.model) ?? 0) + row.n);
    }
  }
  return { models: [...counts.keys()].sort(), count: [...counts.values()].reduce((a, b) => a + b, 0) };
}

const VECTOR_TABLES = ['embeddings'] as const;
/** Caches of text-tower output: recomputed on demand, so any row of an unusable model is dead weight. */
const TEXT_TABLES = ['prompt_embeddings', 'query_embeddings'] as const;

export async function modelChecks(db: Db, modelsDir: string): Promise<Check[]> {
  const { kept, problem } = await keptModels(db, modelsDir);
  if (!kept) return [{ code: 'ACTIVE_MODEL_UNREADABLE', count: 1, examples: [problem!] }];
  const check = (code: Check['code'], tables: readonly string[]): Check => {
    const { models, count } = unkeptRows(db, tables, kept);
    return {
      code,
      count,
      examples: models.slice(0, EXAMPLES),
      repair: () => {
        db.transaction(() => {
          for (const table of tables) db.prepare(`DELETE FROM ${table} WHERE model_id IN (SELECT value FROM json_each(?))`).run(JSON.stringify(models));
        })();
      },
    };
  };
  return [check('ORPHAN_VECTORS', VECTOR_TABLES), check('STALE_TEXT_EMBEDDINGS', TEXT_TABLES)];
}

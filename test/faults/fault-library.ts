import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { generateColourClipModels } from '../fixtures/colour-clip/generate-colour-clip.js';
import { runCli, spawnCli, waitForExit } from '../helpers/cli.js';
import { hasRealPhotos, tinyJpeg, writeManyTinyPhotos, writeRealPhotos } from '../helpers/photo-corpus.js';

/**
 * A library the fault tests break in different ways: the generated colour CLIP installed and active, the label set
 * 颜色 imported, and a photo folder of tiny generated JPEGs, a few real photos and a few broken files.
 */
export interface FaultLibrary {
  lib: string;
  dbFile: string;
  photos: string;
  /** XUNTU_MODELS for the spawned CLI: models stay inside `work`. */
  env: NodeJS.ProcessEnv;
  /** The installed model's folder, and the generated one it was imported from (to import again). */
  modelDir: string;
  modelSource: string;
  /** The imported label set's file, which tests edit and import again. */
  setFile: string;
  good: string[];
  bad: string[];
}

export const COLOUR_SET = 'name: 颜色\nlabels: [红, 绿, 蓝, 黄, 黑, 白]\n';

export async function prepareFaultLibrary(work: string, vocab: string, opts: { tiny: number; real: number }): Promise<FaultLibrary> {
  const lib = path.join(work, 'library');
  const env = { XUNTU_MODELS: path.join(work, 'models') };
  const models = await generateColourClipModels(path.join(work, 'generated'), { vocabFile: vocab });
  // --models-dir, not the environment: the in-process CLI resolves the models folder from process.env.
  const modelSource = path.dirname(models.xuntu.manifest);
  await cliOk(lib, env, 'model', 'import', modelSource, '--vocab', vocab, '--models-dir', env.XUNTU_MODELS);
  const setFile = path.join(work, '颜色.yaml');
  fs.writeFileSync(setFile, COLOUR_SET);
  await cliOk(lib, env, 'labels', 'import', setFile);
  const db = new Database(path.join(lib, 'library.db'), { readonly: true });
  const modelDir = db.prepare(`SELECT value FROM settings WHERE key = 'active_model_dir'`).pluck().get() as string;
  db.close();

  const photos = path.join(work, 'photos');
  const good = await writeManyTinyPhotos(photos, opts.tiny);
  if (opts.real > 0 && hasRealPhotos()) good.push(...(await writeRealPhotos(path.join(photos, 'real'), { count: opts.real })).keys());
  // Broken files that every run records and goes past: they must never end up as photos.
  const broken = path.join(photos, 'broken');
  fs.mkdirSync(broken);
  const jpeg = await tinyJpeg(999);
  const bad = [path.join(broken, 'empty.jpg'), path.join(broken, 'truncated.jpg'), path.join(broken, 'not-an-image.jpg')];
  fs.writeFileSync(bad[0]!, '');
  fs.writeFileSync(bad[1]!, jpeg.subarray(0, jpeg.length >> 1));
  fs.writeFileSync(bad[2]!, 'this is a text file\n'.repeat(20));
  return { lib, dbFile: path.join(lib, 'library.db'), photos, env, modelDir, modelSource, setFile, good, bad };
}

export async function cliOk(lib: string, env: NodeJS.ProcessEnv, ...args: string[]) {
  const r = await runCli(['--library', lib, '--lang', 'en', ...args], env);
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}

/** The CLI in its own process, for real exit codes and for SIGKILL. */
export function spawnFaultCli(f: FaultLibrary, ...args: string[]) {
  return spawnCli(['--library', f.lib, '--lang', 'en', ...args], f.env);
}

export const runFaultCli = (f: FaultLibrary, ...args: string[]) => waitForExit(spawnFaultCli(f, ...args));

export interface Progress {
  photos: number;
  embedded: number;
  tags: number;
}

/** How far the library has got, read from another connection while a run writes (WAL lets it). */
export function progressOf(dbFile: string): Progress {
  const none = { photos: 0, embedded: 0, tags: 0 };
  if (!fs.existsSync(dbFile)) return none;
  try {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      const count = (sql: string) => db.prepare(sql).pluck().get() as number;
      return { photos: count('SELECT count(*) FROM photos'), embedded: count('SELECT count(*) FROM embeddings'), tags: count('SELECT count(*) FROM photo_tags') };
    } finally {
      db.close();
    }
  } catch {
    return none; // the schema is not there yet, or a writer holds the lock for a moment
  }
}

export function indexedPaths(dbFile: string): string[] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(`SELECT path FROM photos WHERE status = 'present' ORDER BY id`).pluck().all() as string[];
  } finally {
    db.close();
  }
}

export interface UserTag {
  path: string;
  label: string;
  source: 'confirmed' | 'rejected';
}

/**
 * Everything a finished library must be, whatever happened to it on the way: a sound database, each good photo
 * once (by path and by content), none of the broken files, the user's own tags as given, a grid thumbnail and a
 * vector of the active model for every present photo, and nothing in the cache or the vectors that no photo owns.
 */
export function expectSoundLibrary(f: FaultLibrary, userTags: UserTag[] = []): { thumbnailLeftovers: number } {
  const db = new Database(f.dbFile, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const rows = db.prepare(`SELECT id, path, content_hash AS hash FROM photos WHERE status = 'present'`).all() as { id: number; path: string; hash: string }[];
    expect(rows).toHaveLength(f.good.length);
    expect(new Set(rows.map((r) => r.path))).toEqual(new Set(f.good));
    expect(new Set(rows.map((r) => r.hash)).size).toBe(f.good.length);

    // The library has only ever had the one model, so it is the active one.
    const models = db.prepare(`SELECT id FROM models`).pluck().all() as string[];
    expect(models).toHaveLength(1);
    const unembedded = db
      .prepare(`SELECT p.path FROM photos p WHERE p.status = 'present' AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.photo_id = p.id AND e.model_id = ? AND e.content_hash = p.content_hash)`)
      .pluck()
      .all(models[0]);
    expect(unembedded).toEqual([]);
    expect(db.prepare(`SELECT count(*) FROM embeddings WHERE photo_id NOT IN (SELECT id FROM photos)`).pluck().get()).toBe(0);

    const tags = db
      .prepare(`SELECT p.path, l.name AS label, t.source FROM photo_tags t JOIN photos p ON p.id = t.photo_id JOIN labels l ON l.id = t.label_id WHERE t.source != 'auto'`)
      .all() as UserTag[];
    expect(new Set(tags.map((t) => `${t.path}|${t.label}|${t.source}`))).toEqual(new Set(userTags.map((t) => `${t.path}|${t.label}|${t.source}`)));

    const hashes = new Set(db.prepare(`SELECT content_hash FROM photos`).pluck().all() as string[]);
    const thumbs = path.join(f.lib, 'cache', 'thumbs');
    const files = fs.existsSync(thumbs) ? fs.readdirSync(thumbs, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name) : [];
    // A write killed between its temporary file and the rename leaves `<name>.<pid>-<n>.tmp` behind; `xuntu doctor`
    // removes those. Only a dead process's leftovers are allowed: a finished run must leave no temporary of its own.
    const leftovers = files.filter((name) => {
      const m = /^[0-9a-f]{64}-(?:grid|preview)\.webp\.(\d+)-\d+\.tmp$/.exec(name);
      return m !== null && !isAlive(Number(m[1]));
    });
    const orphans = files.filter((name) => !leftovers.includes(name) && (!/^[0-9a-f]{64}-(grid|preview)\.webp$/.test(name) || !hashes.has(name.slice(0, 64))));
    expect(orphans).toEqual([]);
    const grids = new Set(files.filter((name) => name.endsWith('-grid.webp')).map((name) => name.slice(0, 64)));
    expect(rows.filter((r) => !grids.has(r.hash)).map((r) => r.path)).toEqual([]);
    return { thumbnailLeftovers: leftovers.length };
  } finally {
    db.close();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

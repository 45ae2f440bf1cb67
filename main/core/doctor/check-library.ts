import path from 'node:path';
import type { Db } from '../db/open-database.js';
import type { Library } from '../library/library.js';
import { cacheChecks } from './cache-checks.js';
import { EXAMPLES, type Check, type FindingCode } from './check.js';
import { modelChecks } from './model-checks.js';

export type { FindingCode };

export interface Finding {
  code: FindingCode;
  /** Rows, files or photos concerned. */
  count: number;
  /** A few of them (paths, model ids, SQLite's messages), for people. */
  examples: string[];
  /** Whether `--repair` knows a safe fix. */
  repairable: boolean;
  repaired: boolean;
}

export interface DoctorReport {
  /** Nothing is left to fix: no findings, or every one repaired. */
  healthy: boolean;
  findings: Finding[];
}

export interface DoctorOptions {
  repair: boolean;
  /** The shared models folder: vectors of a model installed there are kept. */
  modelsDir: string;
  now?: number;
}

/**
 * Checks a library and, with `repair`, fixes what can be fixed without losing anything of the user's: only caches
 * are deleted (orphan and temporary files in cache/thumbs, text-embedding rows, vectors of models the library can
 * no longer use, errors about files outside every folder), and a lost thumbnail is marked for the next index to
 * rebuild. A failed integrity or foreign-key check is reported, never "repaired" by deleting rows; while the
 * integrity check fails nothing else is repaired either: what the other checks read from the database cannot be
 * trusted then.
 * Photos and sidecars are never touched.
 */
export async function checkLibrary(library: Library, options: DoctorOptions): Promise<DoctorReport> {
  const { db } = library;
  const integrity = integrityCheck(db);
  const checks = [
    integrity,
    foreignKeyCheck(db),
    ...(await cacheChecks(library, options.now ?? Date.now())),
    ...(await modelChecks(db, options.modelsDir)),
    staleIndexErrors(db),
  ];
  const repair = options.repair && integrity.count === 0;
  const findings: Finding[] = [];
  for (const check of checks) {
    if (check.count === 0) continue;
    if (repair && check.repair) await check.repair();
    findings.push({
      code: check.code,
      count: check.count,
      examples: check.examples,
      repairable: check.repair !== undefined,
      repaired: repair && check.repair !== undefined,
    });
  }
  return { healthy: findings.every((f) => f.repaired), findings };
}

function integrityCheck(db: Db): Check {
  const messages = (db.prepare('PRAGMA integrity_check').pluck().all() as string[]).filter((m) => m !== 'ok');
  return { code: 'DB_INTEGRITY', count: messages.length, examples: messages.slice(0, EXAMPLES) };
}

function foreignKeyCheck(db: Db): Check {
  const rows = db.prepare('PRAGMA foreign_key_check').all() as { table: string; rowid: number | null; parent: string }[];
  return {
    code: 'DB_FOREIGN_KEYS',
    count: rows.length,
    examples: rows.slice(0, EXAMPLES).map((r) => `${r.table}${r.rowid === null ? '' : ` #${r.rowid}`} → ${r.parent}`),
  };
}

/** Errors about files outside every folder of the library (its folder was removed from it): nothing will clear them. */
function staleIndexErrors(db: Db): Check {
  const roots = (db.prepare('SELECT path FROM roots').pluck().all() as string[]).map((r) => (r.endsWith(path.sep) ? r : r + path.sep));
  const errors = db.prepare('SELECT id, path FROM index_errors ORDER BY path').all() as { id: number; path: string }[];
  const stale = errors.filter((e) => !roots.some((r) => e.path === r.slice(0, -1) || e.path.startsWith(r)));
  return {
    code: 'STALE_INDEX_ERRORS',
    count: stale.length,
    examples: stale.slice(0, EXAMPLES).map((e) => e.path),
    repair: () => {
      db.prepare('DELETE FROM index_errors WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(stale.map((e) => e.id)));
    },
  };
}

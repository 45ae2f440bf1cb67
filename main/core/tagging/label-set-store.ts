import { durableTransaction, type Db } from '../db/open-database.js';
import { XuntuError } from '../errors.js';
import { BUILTIN_LABEL_SETS } from './builtin-label-sets.js';
import type { LabelDefinition, LabelSetDefinition, StoredLabel, StoredLabelSet } from './label-set.js';
import { normaliseName, validateLabelSet } from './label-set-schema.js';

/** A label found by reference, with the name of its set for messages (`集合/标签`). */
export interface ResolvedLabel extends StoredLabel {
  setName: string;
}

export interface SaveLabelSetResult {
  set: StoredLabelSet;
  /** False when the stored set already said exactly this: nothing was written and the version stays. */
  changed: boolean;
  created: boolean;
  /** Label names, for telling the user what an import did. */
  added: string[];
  removed: string[];
  /** Kept labels whose phrasings, exclusions or threshold changed. */
  updated: string[];
  /** Confirmed and rejected tags that went with the removed labels. */
  removedDecisions: number;
}

interface SetRow {
  id: number;
  name: string;
  description: string | null;
  exclusive: number;
  builtin: number;
  version: number;
}

interface LabelRow {
  id: number;
  setId: number;
  name: string;
  position: number;
  phrasings: string;
  exclusions: string;
  threshold: number | null;
}

const SET_COLUMNS = 'id, name, description, exclusive, builtin, version';
const LABEL_COLUMNS = 'id, set_id AS setId, name, position, phrasings, exclusions, threshold';

/** The settings key holding the names of built-in sets already offered to this library (see ensureBuiltinLabelSets). */
export const BUILTIN_SETS_SETTING = 'tagging.builtinLabelSetsOffered';

function toLabel(row: LabelRow): StoredLabel {
  return {
    id: row.id,
    setId: row.setId,
    name: row.name,
    position: row.position,
    phrasings: JSON.parse(row.phrasings) as string[],
    exclusions: JSON.parse(row.exclusions) as string[],
    threshold: row.threshold,
  };
}

function toSet(row: SetRow, labels: StoredLabel[]): StoredLabelSet {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    exclusive: row.exclusive === 1,
    builtin: row.builtin === 1,
    version: row.version,
    labels,
  };
}

/** Every label set with its labels, in the order they were created (the built-ins first). */
export function listLabelSets(db: Db): StoredLabelSet[] {
  const sets = db.prepare(`SELECT ${SET_COLUMNS} FROM label_sets ORDER BY id`).all() as SetRow[];
  const labels = (db.prepare(`SELECT ${LABEL_COLUMNS} FROM labels ORDER BY set_id, position`).all() as LabelRow[]).map(toLabel);
  const bySet = new Map<number, StoredLabel[]>();
  for (const l of labels) {
    const list = bySet.get(l.setId);
    if (list) list.push(l);
    else bySet.set(l.setId, [l]);
  }
  return sets.map((s) => toSet(s, bySet.get(s.id) ?? []));
}

export function getLabelSet(db: Db, name: string): StoredLabelSet | null {
  const row = db.prepare(`SELECT ${SET_COLUMNS} FROM label_sets WHERE name = ?`).get(normaliseName(name)) as SetRow | undefined;
  if (!row) return null;
  const labels = db.prepare(`SELECT ${LABEL_COLUMNS} FROM labels WHERE set_id = ? ORDER BY position`).all(row.id) as LabelRow[];
  return toSet(row, labels.map(toLabel));
}

/** The set as a file or the editor holds it, without the library's ids (or any other field a caller added). */
export function labelSetDefinition(set: LabelSetDefinition): LabelSetDefinition {
  return {
    name: set.name,
    description: set.description,
    exclusive: set.exclusive,
    labels: set.labels.map(({ name, phrasings, exclusions, threshold }) => ({ name, phrasings, exclusions, threshold })),
  };
}

function sameLabel(a: LabelDefinition, b: LabelDefinition): boolean {
  return (
    a.threshold === b.threshold &&
    JSON.stringify(a.phrasings) === JSON.stringify(b.phrasings) &&
    JSON.stringify(a.exclusions) === JSON.stringify(b.exclusions)
  );
}

/**
 * Inserts a set, or replaces the set of that name, in one transaction. A label is identified by its name within the
 * set: one whose name survives the edit keeps its id, so the user's confirmed and rejected tags and what the label
 * learned (label_adaptations) survive too; a label no longer named is deleted with its tags. The version goes up
 * only when something differs, so re-importing the same file invalidates no auto tags. `builtin` marks a set
 * created here as one of Xuntu's own; an existing set keeps its flag.
 */
export function saveLabelSet(db: Db, def: LabelSetDefinition, options: { builtin?: boolean } = {}): SaveLabelSetResult {
  // A StoredLabelSet is a LabelSetDefinition to TypeScript; its ids are not unknown fields here.
  const next = validateLabelSet(labelSetDefinition(def), `label set "${def.name}"`);
  return durableTransaction(db, (): SaveLabelSetResult => {
    const now = Date.now();
    const existing = getLabelSet(db, next.name);
    const insertLabel = db.prepare(
      'INSERT INTO labels (set_id, name, position, phrasings, exclusions, threshold) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const writeLabel = (setId: number, l: LabelDefinition, position: number) =>
      insertLabel.run(setId, l.name, position, JSON.stringify(l.phrasings), JSON.stringify(l.exclusions), l.threshold);

    if (!existing) {
      const setId = Number(
        db
          .prepare('INSERT INTO label_sets (name, description, exclusive, builtin, version, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)')
          .run(next.name, next.description, next.exclusive ? 1 : 0, options.builtin ? 1 : 0, now, now).lastInsertRowid,
      );
      next.labels.forEach((l, i) => writeLabel(setId, l, i));
      const set = getLabelSet(db, next.name)!;
      return { set, changed: true, created: true, added: next.labels.map((l) => l.name), removed: [], updated: [], removedDecisions: 0 };
    }

    const before = new Map(existing.labels.map((l) => [l.name, l]));
    const kept = new Set(next.labels.map((l) => l.name));
    const removed = existing.labels.filter((l) => !kept.has(l.name));
    const added = next.labels.filter((l) => !before.has(l.name)).map((l) => l.name);
    const updated = next.labels.filter((l) => before.has(l.name) && !sameLabel(before.get(l.name)!, l)).map((l) => l.name);
    const moved = next.labels.some((l, i) => before.has(l.name) && before.get(l.name)!.position !== i);
    const changed =
      added.length > 0 ||
      removed.length > 0 ||
      updated.length > 0 ||
      moved ||
      existing.description !== next.description ||
      existing.exclusive !== next.exclusive;
    if (!changed) return { set: existing, changed, created: false, added, removed: [], updated, removedDecisions: 0 };

    const removedIds = JSON.stringify(removed.map((l) => l.id));
    const removedDecisions = db
      .prepare(`SELECT count(*) FROM photo_tags WHERE source != 'auto' AND label_id IN (SELECT value FROM json_each(?))`)
      .pluck()
      .get(removedIds) as number;
    // photo_tags and label_adaptations rows go with their label (ON DELETE CASCADE).
    db.prepare('DELETE FROM labels WHERE id IN (SELECT value FROM json_each(?))').run(removedIds);
    const updateLabel = db.prepare('UPDATE labels SET position = ?, phrasings = ?, exclusions = ?, threshold = ? WHERE id = ?');
    // What a reworded label learned was learned for its old wording and threshold: dropped so the edit shows at
    // once; the user's corrections stay, and callers with a model learn from them again (retagEditedSet).
    const forget = db.prepare('DELETE FROM label_adaptations WHERE label_id = ?');
    next.labels.forEach((l, i) => {
      const old = before.get(l.name);
      if (old) updateLabel.run(i, JSON.stringify(l.phrasings), JSON.stringify(l.exclusions), l.threshold, old.id);
      else writeLabel(existing.id, l, i);
      if (old && updated.includes(l.name)) forget.run(old.id);
    });
    db.prepare('UPDATE label_sets SET description = ?, exclusive = ?, version = version + 1, updated_at = ? WHERE id = ?').run(
      next.description,
      next.exclusive ? 1 : 0,
      now,
      existing.id,
    );
    const set = getLabelSet(db, next.name)!;
    return { set, changed, created: false, added, removed: removed.map((l) => l.name), updated, removedDecisions };
  });
}

export function requireLabelSet(db: Db, name: string): StoredLabelSet {
  const set = getLabelSet(db, name);
  if (set) return set;
  const names = listLabelSets(db).map((s) => s.name);
  throw new XuntuError('LABEL_SET_NOT_FOUND', `no label set "${normaliseName(name)}"; the library has: ${names.join(', ') || '(none)'}`);
}

/**
 * Renames a set, keeping its labels, tags and version: scores do not depend on the set's name. (XMP sidecars name
 * the set in hierarchical keywords, and pick the new name up at their next export.)
 */
export function renameLabelSet(db: Db, from: string, to: string): StoredLabelSet {
  return durableTransaction(db, () => {
    const set = requireLabelSet(db, from);
    const renamed = validateLabelSet({ ...labelSetDefinition(set), name: to }, `label set "${to}"`);
    if (renamed.name === set.name) return set;
    if (getLabelSet(db, renamed.name)) throw new XuntuError('LABEL_SET_EXISTS', `a label set named "${renamed.name}" already exists`);
    db.prepare('UPDATE label_sets SET name = ?, updated_at = ? WHERE id = ?').run(renamed.name, Date.now(), set.id);
    return getLabelSet(db, renamed.name)!;
  });
}

/** Deletes a set with its labels and every tag on them; says how many of those tags were the user's decisions. */
export function deleteLabelSet(db: Db, name: string): { set: StoredLabelSet; removedDecisions: number } {
  return durableTransaction(db, () => {
    const set = requireLabelSet(db, name);
    const removedDecisions = db
      .prepare(`SELECT count(*) FROM photo_tags t JOIN labels l ON l.id = t.label_id WHERE l.set_id = ? AND t.source != 'auto'`)
      .pluck()
      .get(set.id) as number;
    db.prepare('DELETE FROM label_sets WHERE id = ?').run(set.id);
    return { set, removedDecisions };
  });
}

/**
 * Installs each built-in set the library has not been offered yet, and remembers the offer in the settings table:
 * a user who deletes a built-in set does not get it back, and a user's own set of the same name is left alone.
 * A later Xuntu that ships a new built-in set offers just that one. Returns the names installed now.
 */
export function ensureBuiltinLabelSets(db: Db): string[] {
  return db.transaction(() => {
    const stored = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(BUILTIN_SETS_SETTING) as string | undefined;
    const offered = new Set(stored ? (JSON.parse(stored) as string[]) : []);
    const toOffer = BUILTIN_LABEL_SETS.filter((def) => !offered.has(def.name));
    const installed: string[] = [];
    for (const def of toOffer) {
      offered.add(def.name);
      if (getLabelSet(db, def.name)) continue;
      saveLabelSet(db, def, { builtin: true });
      installed.push(def.name);
    }
    if (toOffer.length > 0) {
      db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
        BUILTIN_SETS_SETTING,
        JSON.stringify([...offered]),
      );
    }
    return installed;
  })();
}

const LABEL_WITH_SET = `SELECT l.id, l.set_id AS setId, l.name, l.position, l.phrasings, l.exclusions, l.threshold, s.name AS setName
  FROM labels l JOIN label_sets s ON s.id = l.set_id`;

function toResolved(row: LabelRow & { setName: string }): ResolvedLabel {
  return { ...toLabel(row), setName: row.setName };
}

const refOf = (l: ResolvedLabel) => `${l.setName}/${l.name}`;

/**
 * Finds a label from what a user typed: `标签` or `集合/标签`, by name or else by one of its phrasings
 * (「猫咪」 finds 主体/猫). Throws LABEL_AMBIGUOUS listing the `集合/标签` candidates when several sets have it, and
 * LABEL_NOT_FOUND with near names when nothing matches.
 */
export function resolveLabel(db: Db, ref: string): ResolvedLabel {
  const text = normaliseName(ref);
  const slash = text.indexOf('/');
  const setName = slash < 0 ? null : normaliseName(text.slice(0, slash));
  const labelName = slash < 0 ? text : normaliseName(text.slice(slash + 1));
  if (setName !== null) requireLabelSet(db, setName);
  const find = (condition: string, limit = -1) =>
    (
      db
        .prepare(`${LABEL_WITH_SET} WHERE (${condition})${setName === null ? '' : ' AND s.name = @setName'} ORDER BY s.id, l.position LIMIT ${limit}`)
        .all({ labelName, setName }) as (LabelRow & { setName: string })[]
    ).map(toResolved);
  const byName = find('lower(l.name) = lower(@labelName)');
  const matches = byName.length > 0 ? byName : find('EXISTS (SELECT 1 FROM json_each(l.phrasings) WHERE lower(value) = lower(@labelName))');
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new XuntuError('LABEL_AMBIGUOUS', `"${text}" could be ${matches.map(refOf).join(', ')}; write it as set/label`);
  }
  const near = find('instr(l.name, @labelName) > 0 OR instr(@labelName, l.name) > 0', 10);
  throw new XuntuError('LABEL_NOT_FOUND', `no label "${text}"${near.length > 0 ? `; did you mean ${near.map(refOf).join(', ')}?` : ''}`);
}

/**
 * The label `labelName` in set `setName`, creating the set and the label when missing (XMP import files keywords
 * found in sidecars under 「导入的关键词」). A name that is one of the set's phrasings finds its label.
 */
export function ensureLabel(db: Db, setName: string, labelName: string): StoredLabel {
  return db.transaction(() => {
    const name = normaliseName(labelName);
    const set = getLabelSet(db, setName);
    const key = name.toLowerCase();
    const found = set?.labels.find((l) => l.name.toLowerCase() === key || l.phrasings.some((p) => p.toLowerCase() === key));
    if (found) return found;
    const label = { name, phrasings: [], exclusions: [], threshold: null };
    const def = set
      ? { ...labelSetDefinition(set), labels: [...labelSetDefinition(set).labels, label] }
      : { name: setName, description: null, exclusive: false, labels: [label] };
    const saved = saveLabelSet(db, def).set;
    return saved.labels.find((l) => l.name === name)!;
  })();
}

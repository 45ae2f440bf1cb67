import type { LabelSetInfo, LabelSetIssueInfo, LabelSetSaveResult } from '../../common/ipc-contract.js';
import type { Db } from '../db/open-database.js';
import { XuntuError } from '../errors.js';
import type { StoredLabelSet } from '../tagging/label-set.js';
import { fieldName, type LabelSetIssue, type RawIssue } from '../tagging/label-set-schema.js';
import { listLabelSets, type SaveLabelSetResult } from '../tagging/label-set-store.js';
import { labelCounts } from '../tagging/tag-store.js';

/**
 * Label sets as the Tags view shows them: each label with its tag counts and the threshold tagging applies now
 * under `modelId` (what it learned, else its own, else `defaultThreshold`). With no model, only the label's own.
 */
export function labelSetInfos(db: Db, model: { id: string; defaultThreshold: number } | null): LabelSetInfo[] {
  const counts = new Map(labelCounts(db).map((c) => [c.labelId, { auto: c.auto, confirmed: c.confirmed, rejected: c.rejected }]));
  const learned = new Map(
    model
      ? (db.prepare('SELECT label_id, threshold FROM label_adaptations WHERE model_id = ?').raw().all(model.id) as [number, number | null][])
      : [],
  );
  return listLabelSets(db).map((set) => ({
    id: set.id,
    name: set.name,
    description: set.description,
    exclusive: set.exclusive,
    builtin: set.builtin,
    version: set.version,
    labels: set.labels.map((l) => ({
      id: l.id,
      name: l.name,
      phrasings: l.phrasings,
      exclusions: l.exclusions,
      threshold: l.threshold,
      effectiveThreshold: learned.get(l.id) ?? l.threshold ?? model?.defaultThreshold ?? null,
      learned: learned.has(l.id),
      counts: counts.get(l.id) ?? { auto: 0, confirmed: 0, rejected: 0 },
    })),
  }));
}

export function storedSetById(db: Db, id: number): StoredLabelSet {
  const set = listLabelSets(db).find((s) => s.id === id);
  if (!set) throw new XuntuError('LABEL_SET_NOT_FOUND', `no label set with id ${id}`);
  return set;
}

export function savedResult(result: SaveLabelSetResult, info: LabelSetInfo): LabelSetSaveResult {
  const { changed, created, added, removed, updated, removedDecisions } = result;
  return { saved: true, set: info, changed, created, added, removed, updated, removedDecisions };
}

export function refused(code: 'LABEL_SET_INVALID' | 'LABEL_SET_EXISTS', issues: readonly (RawIssue | LabelSetIssue)[]): LabelSetSaveResult {
  return {
    saved: false,
    code,
    issues: issues.map(
      (i): LabelSetIssueInfo => ({
        path: i.path,
        field: fieldName(i.path),
        message: i.message,
        line: 'line' in i ? i.line : null,
        column: 'column' in i ? i.column : null,
      }),
    ),
  };
}

import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../main/core/db/open-database.js';
import { PhotoStore } from '../../../main/core/library/photo-store.js';
import { BUILTIN_LABEL_SETS } from '../../../main/core/tagging/builtin-label-sets.js';
import type { LabelSetDefinition } from '../../../main/core/tagging/label-set.js';
import {
  deleteLabelSet,
  ensureBuiltinLabelSets,
  ensureLabel,
  getLabelSet,
  labelSetDefinition,
  listLabelSets,
  renameLabelSet,
  resolveLabel,
  saveLabelSet,
} from '../../../main/core/tagging/label-set-store.js';
import { labelCounts, photoTags, photosWithLabels, setTagDecision, tagsForPhotos } from '../../../main/core/tagging/tag-store.js';

function colours(...labels: (string | { name: string; phrasings?: string[]; threshold?: number })[]): LabelSetDefinition {
  return {
    name: '颜色',
    description: null,
    exclusive: false,
    labels: labels.map((l) =>
      typeof l === 'string'
        ? { name: l, phrasings: [], exclusions: [], threshold: null }
        : { name: l.name, phrasings: l.phrasings ?? [], exclusions: [], threshold: l.threshold ?? null },
    ),
  };
}

function addPhotos(db: Db, n: number): number[] {
  const store = new PhotoStore(db);
  const rootId = store.addRoot('/photos');
  return Array.from({ length: n }, (_, i) =>
    store.insertPhoto({
      rootId, path: `/photos/p${i}.jpg`, size: 100, mtimeMs: i, contentHash: i.toString(16).padStart(64, '0'), format: 'jpeg', width: 8,
      height: 8, orientation: null, takenLocal: null, takenOffsetMin: null, takenUtcMs: null, takenSource: 'none', cameraMake: null,
      cameraModel: null, lens: null, gpsLat: null, gpsLon: null, gpsAlt: null,
    }),
  );
}

/** What tagging writes for a photo the model tagged (T2's re-tag does this). */
function autoTag(db: Db, photoId: number, labelId: number, score: number, setVersion = 1): void {
  db.prepare(`INSERT INTO photo_tags (photo_id, label_id, source, score, model_id, set_version, updated_at) VALUES (?, ?, 'auto', ?, 'colour-clip', ?, 0)`).run(
    photoId, labelId, score, setVersion,
  );
}

const labelId = (db: Db, set: string, label: string) => getLabelSet(db, set)!.labels.find((l) => l.name === label)!.id;

describe('label set store', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
  });

  it('stores a set and reads it back, normalised, at version 1', () => {
    const result = saveLabelSet(db, { ...colours('红', { name: ' 绿 ', phrasings: ['青'], threshold: 0.3 }), description: '颜色们' });
    expect(result).toMatchObject({ changed: true, created: true, added: ['红', '绿'], removed: [] });
    const set = getLabelSet(db, '颜色')!;
    expect(set).toMatchObject({ name: '颜色', description: '颜色们', exclusive: false, builtin: false, version: 1 });
    expect(set.labels.map(({ name, phrasings, threshold, position }) => ({ name, phrasings, threshold, position }))).toEqual([
      { name: '红', phrasings: [], threshold: null, position: 0 },
      { name: '绿', phrasings: ['青'], threshold: 0.3, position: 1 },
    ]);
    expect(listLabelSets(db)).toEqual([set]);
    expect(labelSetDefinition(set)).toEqual({ ...colours('红', { name: '绿', phrasings: ['青'], threshold: 0.3 }), description: '颜色们' });
  });

  it('refuses an invalid definition and writes nothing', () => {
    expect(() => saveLabelSet(db, colours('红', '红'))).toThrow(expect.objectContaining({ code: 'LABEL_SET_INVALID' }));
    expect(listLabelSets(db)).toEqual([]);
  });

  it('keeps the ids, confirmed tags and adaptations of labels that survive an edit, and drops the rest', () => {
    // (A reworded label keeps its tags but forgets what it learned for the old wording; retagEditedSet relearns.)
    const [p1, p2, p3] = addPhotos(db, 3) as [number, number, number];
    saveLabelSet(db, colours('红', '绿', '蓝'));
    const before = getLabelSet(db, '颜色')!;
    const red = labelId(db, '颜色', '红');
    const blue = labelId(db, '颜色', '蓝');
    autoTag(db, p1, red, 0.31);
    setTagDecision(db, [p1], red, 'confirmed');
    setTagDecision(db, [p2], blue, 'rejected');
    autoTag(db, p3, blue, 0.4);
    const green = labelId(db, '颜色', '绿');
    const adapt = db.prepare('INSERT INTO label_adaptations (label_id, model_id, threshold, updated_at) VALUES (?, ?, 0.2, 0)');
    adapt.run(red, 'colour-clip');
    adapt.run(green, 'colour-clip');

    const result = saveLabelSet(db, colours('紫', { name: '红', phrasings: ['赤'] }, '绿'));
    expect(result).toMatchObject({ changed: true, created: false, added: ['紫'], removed: ['蓝'], updated: ['红'], removedDecisions: 1 });
    const after = getLabelSet(db, '颜色')!;
    expect(after.id).toBe(before.id);
    expect(after.version).toBe(2);
    expect(after.labels.map((l) => [l.name, l.position])).toEqual([['紫', 0], ['红', 1], ['绿', 2]]);
    expect(labelId(db, '颜色', '红')).toBe(red);
    expect(labelId(db, '颜色', '绿')).toBe(before.labels[1]!.id);
    expect(photoTags(db, p1)).toEqual([{ labelId: red, label: '红', setId: after.id, set: '颜色', source: 'confirmed', score: 0.31, modelId: 'colour-clip', setVersion: 1 }]);
    // The removed label took its tags (confirmed, rejected and auto) with it.
    expect(photoTags(db, p2)).toEqual([]);
    expect(photoTags(db, p3)).toEqual([]);
    const adaptations = db.prepare('SELECT count(*) FROM label_adaptations WHERE label_id = ?').pluck();
    expect(adaptations.get(red)).toBe(0);
    expect(adaptations.get(green)).toBe(1);
  });

  it('bumps the version only when something changed', () => {
    saveLabelSet(db, colours('红', '绿'));
    const same = saveLabelSet(db, colours(' 红', '绿 '));
    expect(same.changed).toBe(false);
    expect(same.set.version).toBe(1);
    // A stored set, ids and all, saves as its definition.
    expect(saveLabelSet(db, getLabelSet(db, '颜色')!).changed).toBe(false);
    const edits: LabelSetDefinition[] = [
      colours('绿', '红'),
      { ...colours('绿', '红'), description: '新的说明' },
      { ...colours('绿', '红'), description: '新的说明', exclusive: true },
      { ...colours({ name: '绿', threshold: 0.2 }, '红'), description: '新的说明', exclusive: true },
    ];
    edits.forEach((def, i) => {
      const r = saveLabelSet(db, def);
      expect(r.changed).toBe(true);
      expect(r.set.version).toBe(i + 2);
      expect(saveLabelSet(db, def).set.version).toBe(i + 2);
    });
  });

  it('keeps the builtin flag of an existing set', () => {
    saveLabelSet(db, colours('红'), { builtin: true });
    saveLabelSet(db, colours('红', '绿'));
    expect(getLabelSet(db, '颜色')!.builtin).toBe(true);
  });

  it('deletes a set with its labels and every tag on them', () => {
    const [p1] = addPhotos(db, 1) as [number];
    saveLabelSet(db, colours('红', '绿'));
    setTagDecision(db, [p1], labelId(db, '颜色', '红'), 'confirmed');
    autoTag(db, p1, labelId(db, '颜色', '绿'), 0.3);
    expect(deleteLabelSet(db, '颜色').removedDecisions).toBe(1);
    expect(getLabelSet(db, '颜色')).toBeNull();
    expect(db.prepare('SELECT count(*) FROM labels').pluck().get()).toBe(0);
    expect(photoTags(db, p1)).toEqual([]);
    expect(() => deleteLabelSet(db, '颜色')).toThrow(expect.objectContaining({ code: 'LABEL_SET_NOT_FOUND' }));
  });

  it('renames a set keeping its labels, tags and version', () => {
    const [p1] = addPhotos(db, 1) as [number];
    saveLabelSet(db, colours('红'));
    saveLabelSet(db, { ...colours('蓝'), name: '其他' });
    setTagDecision(db, [p1], labelId(db, '颜色', '红'), 'confirmed');
    const renamed = renameLabelSet(db, '颜色', '色彩');
    expect(renamed).toMatchObject({ name: '色彩', version: 1 });
    expect(photoTags(db, p1)[0]).toMatchObject({ set: '色彩', label: '红', source: 'confirmed' });
    expect(() => renameLabelSet(db, '色彩', '其他')).toThrow(expect.objectContaining({ code: 'LABEL_SET_EXISTS' }));
    expect(() => renameLabelSet(db, '色彩', 'a/b')).toThrow(expect.objectContaining({ code: 'LABEL_SET_INVALID' }));
    expect(() => renameLabelSet(db, '颜色', 'x')).toThrow(expect.objectContaining({ code: 'LABEL_SET_NOT_FOUND' }));
  });

  it('installs the built-in sets once, and never brings back one the user deleted', () => {
    expect(ensureBuiltinLabelSets(db)).toEqual(BUILTIN_LABEL_SETS.map((s) => s.name));
    const sets = listLabelSets(db);
    expect(sets.map(labelSetDefinition)).toEqual(BUILTIN_LABEL_SETS);
    expect(sets.every((s) => s.builtin && s.version === 1)).toBe(true);
    expect(ensureBuiltinLabelSets(db)).toEqual([]);
    deleteLabelSet(db, '场景');
    expect(ensureBuiltinLabelSets(db)).toEqual([]);
    expect(getLabelSet(db, '场景')).toBeNull();
  });

  it("leaves a user's own set of a built-in's name alone", () => {
    saveLabelSet(db, { ...colours('海'), name: '场景' });
    expect(ensureBuiltinLabelSets(db)).not.toContain('场景');
    expect(getLabelSet(db, '场景')).toMatchObject({ builtin: false, labels: [expect.objectContaining({ name: '海' })] });
  });

  it('resolves 标签 and 集合/标签, by name or phrasing, and lists the candidates when it cannot', () => {
    saveLabelSet(db, colours('红', { name: '绿', phrasings: ['青色'] }));
    saveLabelSet(db, { ...colours('红', '红旗'), name: '旗帜' });
    expect(resolveLabel(db, '绿')).toMatchObject({ name: '绿', setName: '颜色', id: labelId(db, '颜色', '绿') });
    expect(resolveLabel(db, '青色').name).toBe('绿');
    expect(resolveLabel(db, ' 旗帜 / 红 ')).toMatchObject({ name: '红', setName: '旗帜', id: labelId(db, '旗帜', '红') });
    expect(() => resolveLabel(db, '红')).toThrow(expect.objectContaining({ code: 'LABEL_AMBIGUOUS', message: expect.stringContaining('颜色/红, 旗帜/红') }));
    expect(() => resolveLabel(db, '红色')).toThrow(expect.objectContaining({ code: 'LABEL_NOT_FOUND', message: expect.stringContaining('did you mean 颜色/红, 旗帜/红') }));
    expect(() => resolveLabel(db, '颜色/红旗')).toThrow(expect.objectContaining({ code: 'LABEL_NOT_FOUND' }));
    expect(() => resolveLabel(db, '动物/猫')).toThrow(expect.objectContaining({ code: 'LABEL_SET_NOT_FOUND', message: expect.stringContaining('颜色, 旗帜') }));
  });

  it('ensureLabel finds or creates the set and the label', () => {
    const first = ensureLabel(db, '导入的关键词', '海边');
    expect(getLabelSet(db, '导入的关键词')).toMatchObject({ version: 1, builtin: false, labels: [expect.objectContaining({ id: first.id, name: '海边' })] });
    const second = ensureLabel(db, '导入的关键词', '山');
    expect(ensureLabel(db, '导入的关键词', ' 海边 ')).toEqual(first);
    expect(getLabelSet(db, '导入的关键词')!.labels.map((l) => [l.id, l.name])).toEqual([[first.id, '海边'], [second.id, '山']]);
    expect(getLabelSet(db, '导入的关键词')!.version).toBe(2);
  });
});

describe('tag store', () => {
  let db: Db;
  let photos: number[];
  let red: number;
  let green: number;
  beforeEach(() => {
    db = openDatabase(':memory:');
    photos = addPhotos(db, 4);
    saveLabelSet(db, colours('红', '绿'));
    red = labelId(db, '颜色', '红');
    green = labelId(db, '颜色', '绿');
  });

  it("orders a photo's tags: confirmed, then auto by score, then rejected", () => {
    const [p] = photos as [number];
    saveLabelSet(db, { ...colours('红旗', '国旗', '彩旗'), name: '旗帜' });
    autoTag(db, p, red, 0.2);
    autoTag(db, p, green, 0.3);
    autoTag(db, p, labelId(db, '旗帜', '红旗'), 0.25);
    setTagDecision(db, [p], labelId(db, '旗帜', '国旗'), 'rejected');
    setTagDecision(db, [p], labelId(db, '旗帜', '彩旗'), 'confirmed');
    expect(photoTags(db, p).map((t) => [t.label, t.source, t.score])).toEqual([
      ['彩旗', 'confirmed', null],
      ['绿', 'auto', 0.3],
      ['红旗', 'auto', 0.25],
      ['红', 'auto', 0.2],
      ['国旗', 'rejected', null],
    ]);
  });

  it('confirm and reject keep the auto score; clear takes the decision back', () => {
    const [p1, p2] = photos as [number, number];
    autoTag(db, p1, red, 0.28);
    expect(setTagDecision(db, [p1, p2], red, 'confirmed')).toBe(2);
    expect(setTagDecision(db, [p1, p2], red, 'confirmed')).toBe(0);
    expect(photoTags(db, p1)[0]).toMatchObject({ source: 'confirmed', score: 0.28, modelId: 'colour-clip', setVersion: 1 });
    expect(setTagDecision(db, [p1], red, 'rejected')).toBe(1);
    expect(photoTags(db, p1)[0]).toMatchObject({ source: 'rejected', score: 0.28 });
    expect(setTagDecision(db, [p1, p2], red, 'clear')).toBe(2);
    // p1 goes back to the auto tag the model gave it; p2 was never tagged by the model.
    expect(photoTags(db, p1)).toEqual([expect.objectContaining({ source: 'auto', score: 0.28 })]);
    expect(photoTags(db, p2)).toEqual([]);
    expect(setTagDecision(db, [p1], red, 'clear')).toBe(0);
  });

  it('refuses unknown photos and labels, changing nothing', () => {
    const [p1] = photos as [number];
    expect(() => setTagDecision(db, [p1, 9999], red, 'confirmed')).toThrow(expect.objectContaining({ code: 'PHOTO_NOT_FOUND', message: expect.stringContaining('9999') }));
    expect(() => setTagDecision(db, [p1], 9999, 'confirmed')).toThrow(expect.objectContaining({ code: 'LABEL_NOT_FOUND' }));
    expect(photoTags(db, p1)).toEqual([]);
  });

  it('finds photos by label (auto or confirmed, never rejected) and counts each label', () => {
    const [p1, p2, p3, p4] = photos as [number, number, number, number];
    autoTag(db, p1, red, 0.3);
    autoTag(db, p2, red, 0.3);
    setTagDecision(db, [p2], red, 'rejected');
    setTagDecision(db, [p3], red, 'confirmed');
    autoTag(db, p4, green, 0.3);
    expect(photosWithLabels(db, [red])).toEqual(new Set([p1, p3]));
    expect(photosWithLabels(db, [red, green])).toEqual(new Set([p1, p3, p4]));
    expect(photosWithLabels(db, [])).toEqual(new Set());
    expect(labelCounts(db)).toEqual([
      { labelId: red, set: '颜色', label: '红', auto: 1, confirmed: 1, rejected: 1 },
      { labelId: green, set: '颜色', label: '绿', auto: 1, confirmed: 0, rejected: 0 },
    ]);
  });

  it('reads the tags of many photos at once, every photo listed, missing photos included', () => {
    const [p1, p2, p3] = photos as [number, number, number];
    autoTag(db, p1, red, 0.3);
    setTagDecision(db, [p1], green, 'confirmed');
    autoTag(db, p3, green, 0.4);
    new PhotoStore(db).markMissing(p3);
    const tags = tagsForPhotos(db, [p1, p2, p3]);
    expect([...tags.keys()]).toEqual([p1, p2, p3]);
    expect(tags.get(p1)!.map((t) => [t.label, t.source])).toEqual([['绿', 'confirmed'], ['红', 'auto']]);
    expect(tags.get(p2)).toEqual([]);
    expect(tags.get(p3)).toEqual(photoTags(db, p3));
    expect(tags.get(p3)).toHaveLength(1);
  });
});

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_LABEL_SETS } from '../../../main/core/tagging/builtin-label-sets.js';
import type { PhotoTag } from '../../../main/core/tagging/tag-store.js';
import { runCli } from '../../helpers/cli.js';
import { writeManyTinyPhotos } from '../../helpers/photo-corpus.js';

interface SetJson {
  name: string;
  version: number;
  builtin: boolean;
  labels: { name: string; tags: { auto: number; confirmed: number; rejected: number } }[];
}

const COLOURS = `# 我的颜色
name: 颜色
description: 照片的主色调
labels:
  - 红
  - name: 绿
    phrasings: [绿色, 青绿]
  - name: 蓝
    threshold: 0.22
`;

describe('xuntu labels …, tags, confirm and reject', () => {
  let tmp: string;
  let library: string;
  let photos: string[];
  // English so messages can be matched; every command on the same library.
  const cli = (...args: string[]) => runCli(['--lang', 'en', '--library', library, ...args]);
  const file = (name: string) => path.join(tmp, name);
  const tagsOf = async (photo: string) => {
    const r = await cli('tags', photo, '--json');
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { id: number; path: string; tags: PhotoTag[] }).tags;
  };

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'xuntu-label-cli-'));
    library = path.join(tmp, 'library');
    photos = await writeManyTinyPhotos(path.join(tmp, 'photos'), 3);
    // No model: confirming and rejecting need no vectors.
    const indexed = await cli('index', path.join(tmp, 'photos'));
    expect(indexed.code, indexed.stderr).toBe(0);
    await fs.writeFile(file('colours.yaml'), COLOURS);
  });

  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('starts a library with the built-in sets', async () => {
    const r = await cli('labels', 'list', '--json');
    expect(r.code).toBe(0);
    const sets = JSON.parse(r.stdout) as SetJson[];
    expect(sets.map((s) => s.name)).toEqual(BUILTIN_LABEL_SETS.map((s) => s.name));
    expect(sets.every((s) => s.builtin)).toBe(true);
    const text = await cli('labels', 'list');
    expect(text.stdout).toContain('室内外  2 labels  [built-in]  [exclusive]');
  });

  it('imports a file, exports it back in both formats, and re-importing the export changes nothing', async () => {
    const imported = await cli('labels', 'import', file('colours.yaml'));
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toBe('Imported the new label set “颜色”: 3 labels\n');

    const yaml = await cli('labels', 'export', '颜色');
    expect(yaml.code).toBe(0);
    expect(yaml.stdout).toBe(
      'name: 颜色\ndescription: 照片的主色调\nlabels:\n  - 红\n  - name: 绿\n    phrasings: [ 绿色, 青绿 ]\n  - name: 蓝\n    threshold: 0.22\n',
    );
    const written = await cli('labels', 'export', '颜色', '--output', file('out.json'));
    expect(written.stdout).toBe(`Exported the label set “颜色” to ${file('out.json')}\n`);
    const json = JSON.parse(await fs.readFile(file('out.json'), 'utf8')) as unknown;
    expect(json).toEqual({ name: '颜色', description: '照片的主色调', labels: ['红', { name: '绿', phrasings: ['绿色', '青绿'] }, { name: '蓝', threshold: 0.22 }] });
    expect((await cli('labels', 'export', '颜色', '--format', 'json')).stdout).toBe(await fs.readFile(file('out.json'), 'utf8'));

    const again = await cli('labels', 'import', file('out.json'));
    expect(again.stdout).toBe('The label set “颜色” is unchanged.\n');
    const shown = JSON.parse((await cli('labels', 'show', '颜色', '--json')).stdout) as SetJson;
    expect(shown.version).toBe(1);
  });

  it('refuses a bad file with exit 2 and the precise place, changing nothing', async () => {
    const before = (await cli('labels', 'export', '颜色')).stdout;
    await fs.writeFile(file('bad.yaml'), 'name: 颜色\nlabels:\n  - 红\n  - name: 绿\n    threshold: 1.5\n');
    const bad = await cli('labels', 'import', file('bad.yaml'));
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain(`${file('bad.yaml')}:5:16: labels[1].threshold: must be between -1 and 1, not 1.5`);

    await fs.writeFile(file('dup.json'), '{"name": "颜色", "labels": ["红", "绿", "红"]}');
    const dup = await cli('labels', 'import', file('dup.json'));
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain(`${file('dup.json')}:1:37: labels[2]: "红" duplicates labels[0]`);

    const missing = await cli('labels', 'import', file('nowhere.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the label set file');

    expect((await cli('labels', 'export', '颜色')).stdout).toBe(before);
    expect((JSON.parse((await cli('labels', 'show', '颜色', '--json')).stdout) as SetJson).version).toBe(1);
  });

  it('confirms and rejects by label and photo path or id, and shows a photo\'s tags', async () => {
    const [first, second, third] = photos as [string, string, string];
    const secondId = (JSON.parse((await cli('tags', second, '--json')).stdout) as { id: number }).id;

    const confirmed = await cli('confirm', '红', first, String(secondId));
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.stdout).toBe('Confirmed “颜色/红” on 2 photos.\n');
    // By phrasing, and as set/label.
    expect((await cli('reject', '青绿', first)).code).toBe(0);
    expect((await cli('reject', '颜色/蓝', third)).code).toBe(0);

    expect((await tagsOf(first)).map((t) => [t.set, t.label, t.source, t.score])).toEqual([
      ['颜色', '红', 'confirmed', null],
      ['颜色', '绿', 'rejected', null],
    ]);
    expect((await tagsOf(String(secondId))).map((t) => t.source)).toEqual(['confirmed']);
    const text = await cli('tags', third);
    expect(text.stdout).toMatch(/\(id \d+\)\n  ✗ 颜色\/蓝  rejected\n$/);

    const show = JSON.parse((await cli('labels', 'show', '颜色', '--json')).stdout) as SetJson;
    expect(show.labels.map((l) => [l.name, l.tags])).toEqual([
      ['红', { auto: 0, confirmed: 2, rejected: 0 }],
      ['绿', { auto: 0, confirmed: 0, rejected: 1 }],
      ['蓝', { auto: 0, confirmed: 0, rejected: 1 }],
    ]);
  });

  it('records the photos it finds and reports the ones it does not (exit 1)', async () => {
    const [, , third] = photos as [string, string, string];
    const r = await cli('confirm', '绿', path.join(tmp, 'photos', 'no-such.jpg'), third, '99999');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('Confirmed “颜色/绿” on 1 photos.\n');
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(2);
    expect(r.stderr).toContain('Skipped 99999: no such photo in this library');
    expect((await tagsOf(third)).map((t) => [t.label, t.source])).toEqual([['绿', 'confirmed'], ['蓝', 'rejected']]);
  });

  it('refuses an unknown or ambiguous label with exit 2 and the candidates', async () => {
    await fs.writeFile(file('flags.yaml'), 'name: 旗帜\nlabels: [红, 国旗]\n');
    expect((await cli('labels', 'import', file('flags.yaml'))).code).toBe(0);
    const ambiguous = await cli('confirm', '红', photos[0]!);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('颜色/红, 旗帜/红');
    const unknown = await cli('reject', '红色', photos[0]!);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('did you mean 颜色/红, 旗帜/红');
  });

  it('keeps confirmations on the labels an edited file keeps', async () => {
    await fs.writeFile(file('colours-2.yaml'), 'name: 颜色\ndescription: 照片的主色调\nlabels: [紫, 红, 蓝]\n');
    const r = await cli('labels', 'import', file('colours-2.yaml'));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'Updated the label set “颜色” (version 2): added 紫; removed 绿; changed 蓝\n2 confirmations or rejections on the removed labels were removed with them.\n',
    );
    expect((await tagsOf(photos[0]!)).map((t) => [t.label, t.source])).toEqual([['红', 'confirmed']]);
  });

  it('deletes a set, and says so for one that is not there', async () => {
    const r = await cli('labels', 'delete', '旗帜');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Deleted the label set “旗帜”.\n');
    const again = await cli('labels', 'delete', '旗帜');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('no such label set');
    // A deleted built-in set does not come back when the library is opened again.
    expect((await cli('labels', 'delete', '场景')).code).toBe(0);
    const sets = JSON.parse((await cli('labels', 'list', '--json')).stdout) as SetJson[];
    expect(sets.map((s) => s.name)).not.toContain('场景');
  });
});

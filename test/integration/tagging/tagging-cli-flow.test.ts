import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NO_VOCAB_REASON, referenceVocabFile } from '../../fixtures/reference-vocab.js';
import { runCli } from '../../helpers/cli.js';
import { libraryCli, useColourModel, type LibraryCli } from '../../helpers/library-cli.js';
import { hasCommand } from '../../helpers/has-command.js';
import { writeColourPhotos, type Colour } from '../../e2e/colour-photos.js';

const vocab = referenceVocabFile();
if (!vocab) console.warn(`skipping the tagging CLI flow: ${NO_VOCAB_REASON}`);

const COLOUR_LABEL: Record<Colour, string> = { red: '红', green: '绿', blue: '蓝', yellow: '黄' };

let work: string;
let byColour: Map<Colour, string[]>;
let cli: LibraryCli;
type Tag = { set: string; label: string; source: string; score: number | null };
const tagsOf = async (file: string, set = '颜色') => (JSON.parse((await cli('tags', file, '--json')).stdout) as { tags: Tag[] }).tags.filter((t) => t.set === set);
const shown = async (file: string, set = '颜色') => (await tagsOf(file, set)).filter((t) => t.source !== 'rejected').map((t) => t.label);

/** The "done means", as a new user would go: import a label set, index, look, correct, re-tag, export. */
describe.skipIf(!vocab)('tagging from the command line with the generated colour CLIP', () => {
  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-tag-flow-'));
    cli = libraryCli(work);
    await useColourModel(work, cli, vocab!);
    fs.writeFileSync(path.join(work, '颜色.yaml'), 'name: 颜色\nlabels: [红, 绿, 蓝, 黄, 黑, 白]\n');
    await cli('labels', 'import', path.join(work, '颜色.yaml'));
    // A label whose words cover two colours: what the user wants it to mean is learned from corrections.
    fs.writeFileSync(path.join(work, 'warm.json'), JSON.stringify({ name: '色调', labels: [{ name: '暖色', phrasings: ['红', '黄'] }] }));
    await cli('labels', 'import', path.join(work, 'warm.json'));
    byColour = await writeColourPhotos(path.join(work, 'photos'));
  }, 120_000);

  it('tags every photo with its colour while indexing, with scores', async () => {
    const indexed = JSON.parse((await cli('index', path.join(work, 'photos'), '--json')).stdout) as { added: number; tagged: { photos: number; added: number } };
    expect(indexed.tagged.photos).toBe(indexed.added);
    for (const [colour, files] of byColour) {
      for (const file of files) {
        const tags = await tagsOf(file);
        expect(tags.map((t) => t.label), file).toEqual([COLOUR_LABEL[colour]]);
        expect(tags[0]!.source).toBe('auto');
        expect(tags[0]!.score).toBeGreaterThan(0.5);
      }
    }
    // The built-in sets were installed on first use, so a new library tags out of the box.
    const sets = JSON.parse((await cli('labels', 'list', '--json')).stdout) as { name: string }[];
    expect(sets.map((s) => s.name)).toEqual(expect.arrayContaining(['颜色', '场景', '主体']));
  });

  it('learns from corrections at once, and keeps them through re-tagging', async () => {
    const reds = byColour.get('red')!;
    const yellows = byColour.get('yellow')!;
    // Zero-shot, 暖色 (红 or 黄) covers both colours.
    for (const file of [...reds, ...yellows]) expect(await shown(file, '色调')).toEqual(['暖色']);
    await cli('confirm', '暖色', reds[0]!, reds[1]!);
    await cli('reject', '色调/暖色', yellows[0]!);
    // The correction shows on the photos nobody corrected, without a separate re-tag.
    for (const file of yellows.slice(1)) expect(await shown(file, '色调'), file).toEqual([]);
    for (const file of reds.slice(2)) expect(await shown(file, '色调'), file).toEqual(['暖色']);
    await cli('tag', '--retag');
    expect((await tagsOf(reds[0]!, '色调'))[0]).toMatchObject({ label: '暖色', source: 'confirmed' });
    expect((await tagsOf(yellows[0]!, '色调'))[0]).toMatchObject({ label: '暖色', source: 'rejected' });
    for (const file of yellows.slice(1)) expect(await shown(file, '色调')).toEqual([]);
    // A reset forgets what was learned (the user's own decisions stay).
    await cli('labels', 'reset', '色调/暖色');
    await cli('tag', '--retag');
    expect(await shown(yellows[1]!, '色调')).toEqual(['暖色']);
    expect((await tagsOf(yellows[0]!, '色调'))[0]).toMatchObject({ source: 'rejected' });
  });

  it('re-tags from stored vectors when the label set is edited', async () => {
    fs.writeFileSync(path.join(work, '颜色.yaml'), 'name: 颜色\nlabels: [红, 蓝, 黄, 黑, 白]\n');
    const r = await cli('labels', 'import', path.join(work, '颜色.yaml'));
    expect(r.stdout).toMatch(/Tagged/);
    for (const file of byColour.get('green')!) expect(await shown(file)).toEqual([]);
    expect(await shown(byColour.get('blue')![0]!)).toEqual(['蓝']);
  });

  it('searches by tag, alone or with free text', async () => {
    const hits = async (...args: string[]) => (JSON.parse((await cli('search', ...args, '--json')).stdout) as { path: string }[]).map((h) => h.path).sort();
    expect(await hits('--tag', '蓝')).toEqual([...byColour.get('blue')!].sort());
    // Tags narrow, the text ranks: yellow photos within 暖色, but never the one the user said is not 暖色.
    const [rejected, ...yellows] = byColour.get('yellow')!;
    const warmYellow = await hits('--tag', '色调/暖色', '黄色');
    expect(warmYellow).toEqual(expect.arrayContaining(yellows));
    expect(warmYellow).not.toContain(rejected);
    expect(await hits('--tag', '蓝', '--tag', '红')).toEqual([]);
    const none = await runCli(['--library', path.join(work, 'library'), 'search', '--tag', '没有这个标签']);
    expect(none.code).toBe(2);
    expect((await runCli(['--library', path.join(work, 'library'), 'search'])).code).toBe(2);
  });

  it.skipIf(!hasCommand('exiftool'))('writes sidecars exiftool reads, without touching the photos', async () => {
    const blue = byColour.get('blue')![0]!;
    const before = fs.readFileSync(blue);
    await cli('xmp', 'export');
    const [meta] = JSON.parse(execFileSync('exiftool', ['-j', '-XMP:Subject', '-XMP:HierarchicalSubject', `${blue}.xmp`], { encoding: 'utf8' })) as {
      Subject: string | string[];
      HierarchicalSubject: string | string[];
    }[];
    expect([meta!.Subject].flat()).toContain('蓝');
    expect([meta!.HierarchicalSubject].flat()).toContain('Xuntu|颜色|蓝');
    expect(fs.readFileSync(blue).equals(before)).toBe(true);
  });
});

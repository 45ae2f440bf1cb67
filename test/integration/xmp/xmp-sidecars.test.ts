import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../../main/core/library/library.js';
import { PhotoStore } from '../../../main/core/library/photo-store.js';
import { ensureLabel } from '../../../main/core/tagging/label-set-store.js';
import { setTagDecision, tagsForPhotos } from '../../../main/core/tagging/tag-store.js';
import { runCli } from '../../helpers/cli.js';
import { hasCommand } from '../../helpers/has-command.js';

const exiftoolPresent = hasCommand('exiftool');
if (!exiftoolPresent) console.warn('skipping XMP sidecar tests: exiftool is not installed (Debian: libimage-exiftool-perl)');

let work: string;
let photos: string;
let lib: string;
let locked: string;
let lockedBy: 'chmod' | 'chattr' | null = null;
const ids = new Map<string, number>();
let hashes: Map<string, string>;

const at = (name: string) => path.join(photos, name);
const exiftool = (...args: string[]) => execFileSync('exiftool', args, { encoding: 'utf8' });
const keywordsOf = (file: string) => {
  const [info] = JSON.parse(exiftool('-j', '-XMP:Subject', '-XMP:HierarchicalSubject', file)) as { Subject?: string | string[]; HierarchicalSubject?: string | string[] }[];
  return { subject: [info?.Subject ?? []].flat().sort(), hierarchical: [info?.HierarchicalSubject ?? []].flat().sort() };
};
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const photoHashes = () => new Map([...ids.keys()].map((name) => [name, sha(at(name))]));
const xmp = async (...args: string[]) => {
  const r = await runCli(['--library', lib, 'xmp', ...args, '--json']);
  return { code: r.code, stderr: r.stderr, out: JSON.parse(r.stdout) };
};
function withLibrary<T>(fn: (db: ReturnType<typeof openLibrary>['db']) => T): T {
  const library = openLibrary(lib);
  try {
    return fn(library.db);
  } finally {
    library.close();
  }
}
const tagsOf = (name: string) =>
  withLibrary((db) => tagsForPhotos(db, [ids.get(name)!]).get(ids.get(name)!)!.map((t) => `${t.set}/${t.label}:${t.source}`).sort());

/**
 * Makes a folder that refuses new files. chmod does not stop root, so as root the folder is made immutable
 * (chattr +i) when the file system and the container allow it; null when neither works.
 */
function lockFolder(dir: string): 'chmod' | 'chattr' | null {
  const root = process.getuid?.() === 0;
  try {
    if (root) execFileSync('chattr', ['+i', dir], { stdio: 'ignore' });
    else fs.chmodSync(dir, 0o555);
  } catch {
    return null;
  }
  try {
    fs.writeFileSync(path.join(dir, 'probe'), '');
    fs.rmSync(path.join(dir, 'probe'));
    return null;
  } catch {
    return root ? 'chattr' : 'chmod';
  }
}

function unlockFolder(dir: string): void {
  if (lockedBy === 'chattr') execFileSync('chattr', ['-i', dir]);
  if (lockedBy === 'chmod') fs.chmodSync(dir, 0o755);
}

const NAMES = ['a.jpg', 'b.jpg', 'dt.jpg', 'lr.jpg', 'iptc.jpg', 'broken.jpg', 'locked/l.jpg', 'gone.jpg'];

async function jpeg(file: string, grey: number): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: grey, g: grey, b: grey } } }).jpeg().toFile(file);
}

const DARKTABLE_SIDECAR = `<?xml version="1.0" encoding="UTF-8"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 4.4.0-Exiv2">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:darktable="http://darktable.sf.net/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
   xmp:Rating="4"
   darktable:history_end="1">
   <darktable:history>
    <rdf:Seq>
     <rdf:li darktable:operation="exposure" darktable:enabled="1" darktable:params="0000c03f"/>
    </rdf:Seq>
   </darktable:history>
   <dc:subject>
    <rdf:Bag>
     <rdf:li>family</rdf:li>
    </rdf:Bag>
   </dc:subject>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
`;
/** Billion laughs: refused before any entity is expanded. */
const MALFORMED = `<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description>&c;</rdf:Description></rdf:RDF></x:xmpmeta>
`;

describe.skipIf(!exiftoolPresent)('xuntu xmp export and import, read back by exiftool', () => {
  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-xmp-'));
    photos = path.join(work, 'photos');
    lib = path.join(work, 'library');
    locked = path.join(photos, 'locked');
    for (const [i, name] of NAMES.entries()) await jpeg(at(name), i * 30);
    fs.writeFileSync(at('dt.jpg.xmp'), DARKTABLE_SIDECAR);
    fs.writeFileSync(at('broken.jpg.xmp'), MALFORMED);
    // Another app's keywords: a Lightroom-style sidecar, and IPTC + XMP inside the photo itself.
    exiftool('-q', '-o', at('lr.xmp'), '-XMP-dc:Subject=猫', '-XMP-dc:Subject=旅行');
    exiftool('-q', '-overwrite_original', '-codedcharacterset=utf8', '-IPTC:Keywords=海边', '-XMP-lr:HierarchicalSubject=地点|中国|北京', at('iptc.jpg'));

    withLibrary((db) => {
      // Rows as the indexer would write them; sidecar work reads nothing else of a photo.
      const store = new PhotoStore(db);
      const rootId = store.addRoot(photos);
      for (const name of NAMES) {
        const { size, mtimeMs } = fs.statSync(at(name));
        ids.set(name, store.insertPhoto({
          rootId, path: at(name), size, mtimeMs: Math.floor(mtimeMs), contentHash: sha(at(name)), format: 'jpeg', width: 64, height: 48,
          orientation: null, takenLocal: null, takenOffsetMin: null, takenUtcMs: null, takenSource: 'mtime', cameraMake: null,
          cameraModel: null, lens: null, gpsLat: null, gpsLon: null, gpsAlt: null,
        }));
      }
      const red = ensureLabel(db, '颜色', '红').id;
      const cat = ensureLabel(db, '动物', '猫').id;
      const auto = db.prepare(`INSERT INTO photo_tags (photo_id, label_id, source, score, model_id, set_version, updated_at) VALUES (?, ?, 'auto', 0.3, 'test', 1, 0)`);
      for (const name of ['a.jpg', 'dt.jpg', 'locked/l.jpg']) auto.run(ids.get(name), red);
      setTagDecision(db, [ids.get('a.jpg')!, ids.get('locked/l.jpg')!, ids.get('gone.jpg')!], cat, 'confirmed');
      store.markMissing(ids.get('gone.jpg')!); // on a drive that is not plugged in, say
      auto.run(ids.get('b.jpg'), red);
      setTagDecision(db, [ids.get('b.jpg')!], red, 'rejected');
    });
    hashes = photoHashes();
  });

  afterAll(() => {
    if (!work) return;
    unlockFolder(locked);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('writes sidecars exiftool reads, keeps foreign content, creates none without tags, and never touches a photo', async () => {
    const r = await xmp('export');
    expect(keywordsOf(at('a.jpg.xmp'))).toEqual({ subject: ['猫', '红'].sort(), hierarchical: ['Xuntu|动物|猫', 'Xuntu|颜色|红'] });
    expect(keywordsOf(at('locked/l.jpg.xmp')).hierarchical).toEqual(['Xuntu|动物|猫', 'Xuntu|颜色|红']);
    expect(keywordsOf(at('dt.jpg.xmp'))).toEqual({ subject: ['family', '红'], hierarchical: ['Xuntu|颜色|红'] });
    const [dt] = JSON.parse(exiftool('-j', '-XMP:Rating', '-XMP-darktable:all', at('dt.jpg.xmp'))) as Record<string, unknown>[];
    expect(dt).toMatchObject({ Rating: 4, History_end: 1 });
    expect(fs.existsSync(at('b.jpg.xmp'))).toBe(false); // rejected only
    expect(fs.existsSync(at('gone.jpg.xmp'))).toBe(false); // missing photos are skipped
    expect(fs.existsSync(at('lr.jpg.xmp'))).toBe(false); // no tags; its lr.xmp is left alone
    expect(r.out).toMatchObject({ written: 3, unchanged: 1, failed: 1 });
    expect(photoHashes()).toEqual(hashes);
  });

  it('reports a malformed sidecar, leaves it byte for byte, and exits 3', async () => {
    const r = await xmp('export');
    expect(r.code).toBe(3);
    expect(r.out.errors).toEqual([expect.objectContaining({ path: at('broken.jpg'), sidecar: at('broken.jpg.xmp'), code: 'XMP_MALFORMED' })]);
    expect(fs.readFileSync(at('broken.jpg.xmp'), 'utf8')).toBe(MALFORMED);
    const errors = JSON.parse((await runCli(['--library', lib, 'errors', '--json'])).stdout) as { path: string; stage: string; code: string }[];
    expect(errors).toContainEqual(expect.objectContaining({ path: at('broken.jpg'), stage: 'xmp', code: 'XMP_MALFORMED' }));
  });

  it('rewrites nothing when nothing changed, so sync tools see the same files', async () => {
    const before = fs.statSync(at('a.jpg.xmp')).mtimeMs;
    const r = await xmp('export');
    expect(r.out).toMatchObject({ written: 0, unchanged: 4 });
    expect(fs.statSync(at('a.jpg.xmp')).mtimeMs).toBe(before);
  });

  it('takes out a tag the user rejected, and auto tags with --confirmed-only', async () => {
    withLibrary((db) => setTagDecision(db, [ids.get('a.jpg')!], ensureLabel(db, '动物', '猫').id, 'rejected'));
    await xmp('export');
    expect(keywordsOf(at('a.jpg.xmp'))).toEqual({ subject: ['红'], hierarchical: ['Xuntu|颜色|红'] });
    await xmp('export', '--confirmed-only');
    expect(keywordsOf(at('a.jpg.xmp'))).toEqual({ subject: [], hierarchical: [] });
    expect(keywordsOf(at('dt.jpg.xmp'))).toEqual({ subject: ['family'], hierarchical: [] });
    expect(photoHashes()).toEqual(hashes);
  });

  it('keeps every tag when a sidecar cannot be written, records why, and goes on', async (ctx) => {
    lockedBy = lockFolder(locked);
    if (!lockedBy) ctx.skip('cannot make a read-only folder here (root without chattr +i)');
    withLibrary((db) => {
      setTagDecision(db, [ids.get('locked/l.jpg')!], ensureLabel(db, '动物', '猫').id, 'rejected');
      setTagDecision(db, [ids.get('a.jpg')!], ensureLabel(db, '颜色', '红').id, 'rejected');
    });
    const before = tagsOf('locked/l.jpg');
    const sidecar = fs.readFileSync(at('locked/l.jpg.xmp'), 'utf8');
    const r = await xmp('export');
    expect(r.code).toBe(3);
    expect(r.out.errors).toContainEqual(expect.objectContaining({ path: at('locked/l.jpg'), code: 'XMP_NO_PERMISSION' }));
    expect(r.out.written).toBeGreaterThan(0); // the others were still written
    expect(tagsOf('locked/l.jpg')).toEqual(before);
    expect(fs.readFileSync(at('locked/l.jpg.xmp'), 'utf8')).toBe(sidecar);
    expect(fs.readdirSync(locked).sort()).toEqual(['l.jpg', 'l.jpg.xmp']);
  });

  it('imports keywords of other apps as confirmed tags, keeping the user’s rejections', async () => {
    // The user's other app puts 猫 back on a.jpg, which the user rejected in Xuntu.
    exiftool('-q', '-overwrite_original', '-XMP-dc:Subject+=猫', at('a.jpg.xmp'));
    const r = await xmp('import');
    expect(r.code).toBe(3); // broken.jpg.xmp is still malformed
    expect(r.out.errors.map((e: { sidecar: string }) => e.sidecar)).toEqual([at('broken.jpg.xmp')]);
    expect(tagsOf('lr.jpg')).toEqual(['动物/猫:confirmed', '导入的关键词/旅行:confirmed']);
    expect(tagsOf('iptc.jpg')).toEqual(['导入的关键词/北京:confirmed', '导入的关键词/海边:confirmed']);
    expect(tagsOf('a.jpg')).toEqual(['动物/猫:rejected', '颜色/红:rejected']);
    // 'Xuntu|颜色|红' is Xuntu's own export of an auto tag coming back: it stays an auto tag.
    expect(tagsOf('dt.jpg')).toEqual(['导入的关键词/family:confirmed', '颜色/红:auto']);
    expect(r.out).toMatchObject({ unmatched: 4, skipped: [] });
    expect(photoHashes()).toEqual(hashes);

    const again = await xmp('import');
    expect(again.out).toMatchObject({ tags: 0, unmatched: 0 });
  });
});

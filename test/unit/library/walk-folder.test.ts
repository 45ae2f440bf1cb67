import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { walkFolder, type FoundFile, type WalkProblem } from '../../../main/core/library/walk-folder.js';

let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-walk-'));
  const put = (rel: string, content = 'x') => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  };
  put('a.jpg');
  put('Sub Folder/海边 日落 🐱.JPG');
  put('Sub Folder/deeper/b.heic');
  put('notes.txt');
  put('.git/objects/x.jpg');
  put('@eaDir/a.jpg/SYNOPHOTO_THUMB_XL.jpg');
  put('$RECYCLE.BIN/c.png');
  put('.thumbnails/normal/d.png');
  put('._a.jpg');
  put('dir-named.jpg/e.png');
  fs.symlinkSync('.', path.join(root, 'Sub Folder', 'loop'));
  fs.symlinkSync('nowhere.jpg', path.join(root, 'gone.jpg'));
  fs.symlinkSync('chain-b.jpg', path.join(root, 'chain-a.jpg'));
  fs.symlinkSync('chain-a.jpg', path.join(root, 'chain-b.jpg'));
  execFileSync('mkfifo', [path.join(root, 'pipe.jpg')]);
});

async function walk(dir: string) {
  const files: FoundFile[] = [];
  const problems: WalkProblem[] = [];
  await walkFolder(dir, (f) => files.push(f), (p) => problems.push(p));
  return { files: files.map((f) => path.relative(dir, f.path)).sort(), problems };
}

describe('walkFolder', () => {
  it('finds photo files recursively with odd names and skips hidden and system folders', async () => {
    const { files } = await walk(root);
    expect(files).toEqual(['Sub Folder/deeper/b.heic', 'Sub Folder/海边 日落 🐱.JPG', 'a.jpg', 'dir-named.jpg/e.png'].sort());
  });

  it('reports symlink loops, dangling links and FIFOs without hanging', async () => {
    const { problems } = await walk(root);
    const byPath = Object.fromEntries(problems.map((p) => [path.relative(root, p.path), p.code]));
    expect(byPath['gone.jpg']).toBe('BROKEN_LINK');
    expect(byPath['chain-a.jpg']).toBe('SYMLINK_LOOP');
    expect(byPath['pipe.jpg']).toBe('NOT_A_FILE');
    expect(byPath['Sub Folder/loop']).toBe('SYMLINK_LOOP');
  });

  it('reports a missing root as a problem instead of throwing', async () => {
    const { files, problems } = await walk(path.join(root, 'does-not-exist'));
    expect(files).toEqual([]);
    expect(problems.map((p) => p.code)).toEqual(['VANISHED']);
  });

  it('records size and whole-millisecond mtime', async () => {
    const found: FoundFile[] = [];
    await walkFolder(root, (f) => found.push(f), () => undefined);
    const a = found.find((f) => f.path.endsWith('a.jpg') && !f.path.includes('._'))!;
    expect(a.size).toBe(1);
    expect(Number.isInteger(a.mtimeMs)).toBe(true);
  });
});

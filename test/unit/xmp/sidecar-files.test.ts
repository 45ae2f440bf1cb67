import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSidecar } from '../../../main/core/xmp/read-sidecar.js';
import { sidecarPaths } from '../../../main/core/xmp/sidecar-path.js';
import { writeSidecar } from '../../../main/core/xmp/write-sidecar.js';

describe('sidecarPaths', () => {
  const at = (...names: string[]) => names.map((n) => path.join('/p', n));

  it('finds both naming conventions whatever their case, the full-name one first', () => {
    expect(sidecarPaths('/p/IMG_1.JPG', ['IMG_1.JPG', 'IMG_1.xmp', 'img_1.jpg.XMP', 'IMG_2.JPG.xmp'])).toEqual({
      existing: at('img_1.jpg.XMP', 'IMG_1.xmp'),
      fresh: '/p/IMG_1.JPG.xmp',
    });
  });

  it('leaves IMG_1.xmp to the RAW of a RAW+JPEG pair', () => {
    expect(sidecarPaths('/p/IMG_1.JPG', ['IMG_1.CR2', 'IMG_1.JPG', 'IMG_1.xmp']).existing).toEqual([]);
    expect(sidecarPaths('/p/IMG_1.JPG', ['IMG_1.CR2', 'IMG_1.JPG', 'IMG_1.JPG.xmp', 'IMG_1.xmp']).existing).toEqual(at('IMG_1.JPG.xmp'));
  });

  it('writes a new sidecar as <file>.xmp', () => {
    expect(sidecarPaths('/p/a.b.heic', ['a.b.heic'])).toEqual({ existing: [], fresh: '/p/a.b.heic.xmp' });
  });
});

describe('writeSidecar and readSidecar', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-sidecar-'));
  });
  afterEach(() => {
    fs.chmodSync(dir, 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('replaces a sidecar keeping its permissions, and writes through a symbolic link', async () => {
    const real = path.join(dir, 'real.xmp');
    fs.writeFileSync(real, 'old');
    fs.chmodSync(real, 0o640);
    fs.symlinkSync(real, path.join(dir, 'a.jpg.xmp'));
    await writeSidecar(path.join(dir, 'a.jpg.xmp'), 'new 猫');
    expect(fs.readFileSync(real, 'utf8')).toBe('new 猫');
    expect(fs.statSync(real).mode & 0o777).toBe(0o640);
    expect(fs.lstatSync(path.join(dir, 'a.jpg.xmp')).isSymbolicLink()).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(['a.jpg.xmp', 'real.xmp']);
  });

  it('fails with a reason and leaves no temporary file when the rename cannot happen', async () => {
    const target = path.join(dir, 'a.jpg.xmp');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'inside'), 'x');
    await expect(writeSidecar(target, 'new')).rejects.toMatchObject({ code: 'XMP_WRITE_FAILED' });
    expect(fs.readdirSync(dir)).toEqual(['a.jpg.xmp']);
  });

  it('fails with a reason when the folder is not one', async () => {
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    await expect(writeSidecar(path.join(dir, 'file', 'a.jpg.xmp'), 'new')).rejects.toMatchObject({
      code: 'XMP_WRITE_FAILED',
      message: expect.stringContaining('a.jpg.xmp'),
    });
  });

  it.skipIf(process.getuid?.() === 0)('says permission denied in a folder it may not write (not as root: root may)', async () => {
    fs.chmodSync(dir, 0o555);
    await expect(writeSidecar(path.join(dir, 'a.jpg.xmp'), 'new')).rejects.toMatchObject({ code: 'XMP_NO_PERMISSION' });
  });

  it('reads UTF-16 sidecars and refuses invalid text and runaway sizes', async () => {
    const xmp = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>';
    fs.writeFileSync(path.join(dir, 'u16.xmp'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xmp, 'utf16le')]));
    await expect(readSidecar(path.join(dir, 'u16.xmp'))).resolves.toBeDefined();
    fs.writeFileSync(path.join(dir, 'bad.xmp'), Buffer.from([0x3c, 0xff, 0xfe, 0x3e]));
    await expect(readSidecar(path.join(dir, 'bad.xmp'))).rejects.toMatchObject({ code: 'XMP_MALFORMED' });
    fs.truncateSync(path.join(dir, 'bad.xmp'), 17 * 1024 * 1024);
    await expect(readSidecar(path.join(dir, 'bad.xmp'))).rejects.toMatchObject({ code: 'XMP_TOO_LARGE' });
    await expect(readSidecar(path.join(dir, 'none.xmp'))).rejects.toMatchObject({ code: 'XMP_UNREADABLE' });
  });
});

import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasCommand } from '../../helpers/has-command.js';
import { systemVipsEnv } from '../../helpers/system-vips-env.js';
import {
  MARKER,
  hasRealPhotos,
  withJpegComment,
  writeBadPhotos,
  writeGoodPhotos,
  writeLargeJpegs,
  writeManyTinyPhotos,
  writeRealPhotos,
  type BadPhotoManifest,
  type GoodPhoto,
} from '../../helpers/photo-corpus.js';

const exec = promisify(execFile);
let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-corpus-test-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const sha256 = (file: string): string => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** sharp's format names for what the manifest calls a format (AVIF and HEIC both load through libheif). */
const SHARP_FORMAT: Record<string, string> = { jpeg: 'jpeg', png: 'png', webp: 'webp', gif: 'gif', tiff: 'tiff', avif: 'heif', heic: 'heif' };

/** Upright pixels; HEIC goes through the system's libvips, since sharp's prebuilt one has no HEVC decoder. */
async function uprightRaw(photo: GoodPhoto): Promise<{ data: Buffer; width: number; height: number }> {
  let input: string = photo.path;
  if (photo.format === 'heic') {
    input = path.join(root, `${crypto.randomUUID()}.png`);
    await exec('vips', ['copy', photo.path, input], { env: systemVipsEnv() });
  }
  const { data, info } = await sharp(input).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

function pixel(img: { data: Buffer; width: number }, x: number, y: number): number[] {
  const i = (Math.floor(y) * img.width + Math.floor(x)) * 3;
  return [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
}

const isMarker = (rgb: number[]): boolean => rgb.every((v, c) => Math.abs(v - MARKER[c]!) < 40);

describe('writeGoodPhotos', () => {
  let photos: GoodPhoto[];
  beforeAll(async () => {
    photos = [...(await writeGoodPhotos(path.join(root, 'good'))).values()];
  });

  it('writes every format, with awkward names and nested folders', () => {
    const formats = new Set(photos.map((p) => p.format));
    for (const f of ['jpeg', 'png', 'webp', 'gif', 'tiff', 'avif']) expect(formats).toContain(f);
    if (hasCommand('heif-enc')) expect(formats).toContain('heic');
    const names = photos.map((p) => p.relPath);
    expect(names).toEqual(expect.arrayContaining(['海边日落.jpg', '🐱.jpg', 'line\nbreak.jpg', `it's a "quoted" name.jpg`]));
    expect(names.some((n) => n.split('/').length > 3)).toBe(true);
    expect(photos.find((p) => p.relPath.endsWith('.png') && p.format === 'jpeg')).toBeDefined();
    for (const p of photos) expect(fs.existsSync(p.path)).toBe(true);
    expect(new Set(photos.map((p) => sha256(p.path))).size).toBe(photos.length);
  });

  it('has the format, displayed size and frame count the manifest claims', async () => {
    for (const p of photos) {
      const meta = await sharp(p.path).metadata();
      expect.soft(meta.format, p.relPath).toBe(SHARP_FORMAT[p.format]);
      expect.soft(meta.autoOrient, p.relPath).toEqual({ width: p.width, height: p.height });
      expect.soft(meta.pages ?? 1, p.relPath).toBe(p.frames);
    }
  });

  it('shows the marker in the top-left corner once the orientation is applied', async () => {
    for (const p of photos) {
      const img = await uprightRaw(p);
      expect.soft([img.width, img.height], p.relPath).toEqual([p.width, p.height]);
      expect.soft(isMarker(pixel(img, p.width / 8, p.height / 8)), `${p.relPath} top-left`).toBe(true);
      expect.soft(isMarker(pixel(img, (p.width * 7) / 8, p.height / 8)), `${p.relPath} top-right`).toBe(false);
      expect.soft(isMarker(pixel(img, p.width / 8, (p.height * 7) / 8)), `${p.relPath} bottom-left`).toBe(false);
    }
  });

  it.skipIf(!hasCommand('exiftool'))('carries exactly the EXIF the manifest claims', async () => {
    const tags = ['-Make', '-Model', '-DateTimeOriginal', '-OffsetTimeOriginal', '-Orientation', '-Composite:GPSLatitude', '-Composite:GPSLongitude'];
    const { stdout } = await exec('exiftool', ['-j', '-n', '-charset', 'filename=utf8', ...tags, ...photos.map((p) => p.path)]);
    const read = new Map((JSON.parse(stdout) as Record<string, string | number | undefined>[]).map((r) => [r.SourceFile, r]));
    for (const p of photos) {
      const r = read.get(p.path)!;
      const offset = r.OffsetTimeOriginal === undefined ? null : offsetMinutes(String(r.OffsetTimeOriginal));
      expect.soft(r.Orientation ?? 1, p.relPath).toBe(p.orientation);
      expect.soft(r.Make === undefined ? null : { make: r.Make, model: r.Model }, p.relPath).toEqual(p.camera);
      expect
        .soft(r.DateTimeOriginal === undefined ? null : { local: exifDateToLocal(String(r.DateTimeOriginal)), offsetMin: offset }, p.relPath)
        .toEqual(p.taken);
      if (p.gps) {
        expect.soft(r.GPSLatitude as number, p.relPath).toBeCloseTo(p.gps.lat, 4);
        expect.soft(r.GPSLongitude as number, p.relPath).toBeCloseTo(p.gps.lon, 4);
      } else expect.soft(r.GPSLatitude, p.relPath).toBeUndefined();
    }
  });
});

function exifDateToLocal(exif: string): string {
  return exif.replace(/^(\d{4}):(\d\d):(\d\d) /, '$1-$2-$3T');
}

function offsetMinutes(offset: string): number {
  const m = /^([+-])(\d\d):(\d\d)$/.exec(offset)!;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

describe('writeBadPhotos', () => {
  let bad: BadPhotoManifest;
  const at = (relPath: string): string => path.join(root, 'bad', ...relPath.split('/'));
  beforeAll(async () => {
    bad = await writeBadPhotos(path.join(root, 'bad'));
  });

  it('lists every trap with a code', () => {
    const codes = Object.fromEntries([...bad.failures.values()].map((f) => [f.relPath, f.code]));
    expect(codes).toMatchObject({ 'empty.jpg': 'EMPTY_FILE', 'truncated.jpg': 'TRUNCATED', 'notes.jpg': 'NOT_AN_IMAGE', 'bomb.png': 'TOO_LARGE' });
    for (const f of bad.failures.values()) expect(fs.lstatSync(f.path, { throwIfNoEntry: false }), f.relPath).toBeDefined();
  });

  it('writes files that fail the way their codes say', async () => {
    expect(fs.statSync(at('empty.jpg')).size).toBe(0);
    await expect(sharp(at('truncated.jpg')).toBuffer()).rejects.toThrow();
    await expect(sharp(at('notes.jpg')).metadata()).rejects.toThrow(/unsupported image format/);
    // With the limit lifted the header parses (so its CRCs are right); it claims 2.5 gigapixels, which the default refuses.
    expect(await sharp(at('bomb.png'), { limitInputPixels: false }).metadata()).toMatchObject({ format: 'png', width: 50_000, height: 50_000 });
    await expect(sharp(at('bomb.png')).metadata()).rejects.toThrow(/pixel limit/);
  });

  it.skipIf(process.platform === 'win32')('makes the FIFO and the symlink traps', () => {
    expect(fs.lstatSync(at('pipe.jpg')).isFIFO()).toBe(true);
    expect(fs.readlinkSync(at('loops/loop'))).toBe('.');
    expect(() => fs.statSync(at('links/a.jpg'))).toThrow(/ELOOP/);
    expect(() => fs.statSync(at('links/gone.jpg'))).toThrow(/ENOENT/);
    expect(bad.failures.get(at('locked.jpg'))?.code ?? 'readable').toBe(process.getuid?.() === 0 ? 'readable' : 'UNREADABLE');
  });

  it('hides valid photos where they must be skipped and leaves valid ones among the traps', async () => {
    expect(bad.ignored.map((f) => path.relative(at(''), f).split(path.sep)[0])).toEqual(
      expect.arrayContaining(['.git', '@eaDir', '$RECYCLE.BIN', '.thumbnails', '.hidden.jpg']),
    );
    for (const f of [...bad.ignored, ...bad.indexable].filter((f) => f.endsWith('x.jpg') || f.endsWith('inside.jpg'))) {
      expect((await sharp(f).metadata()).format, f).toBe('jpeg');
    }
    const hashes = [...bad.ignored, ...bad.indexable].filter((f) => fs.statSync(f).mode & 0o444).map(sha256);
    expect(new Set(hashes).size).toBe(hashes.length);
  });
});

describe('writeManyTinyPhotos', () => {
  it('writes n distinct valid JPEGs spread over sub-folders, quickly', async () => {
    const started = performance.now();
    const files = await writeManyTinyPhotos(path.join(root, 'tiny'), 1000, { perFolder: 400 });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(files).toHaveLength(1000);
    expect(new Set(files.map((f) => path.dirname(f))).size).toBe(3);
    expect(new Set(files.map(sha256)).size).toBe(1000);
    for (const f of [files[0]!, files[517]!, files[999]!]) {
      expect(await sharp(f).metadata()).toMatchObject({ format: 'jpeg', width: 64, height: 48 });
    }
  });
});

describe('withJpegComment', () => {
  it('changes the bytes but not the pixels, and keeps the EXIF readable', async () => {
    const jpeg = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#3366cc' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'Canon', Model: 'EOS' } })
      .toBuffer();
    const copy = withJpegComment(jpeg, 'copy 1');
    expect(copy.equals(jpeg)).toBe(false);
    expect((await sharp(copy).raw().toBuffer()).equals(await sharp(jpeg).raw().toBuffer())).toBe(true);
    expect((await sharp(copy).metadata()).exif).toBeDefined();
    expect(copy.includes('copy 1')).toBe(true);
  });
});

describe.skipIf(!hasRealPhotos())('real photos', () => {
  it('writeRealPhotos copies them with distinct bytes that decode to the same size', async () => {
    const photos = [...(await writeRealPhotos(path.join(root, 'real'), { count: 7 })).values()];
    expect(photos).toHaveLength(7);
    expect(new Set(photos.map((p) => sha256(p.path))).size).toBe(7);
    for (const p of photos) expect((await sharp(p.path).metadata()).autoOrient).toEqual({ width: p.width, height: p.height });
  });

  it('writeLargeJpegs makes camera-sized JPEGs with EXIF', async () => {
    const photos = [...(await writeLargeJpegs(path.join(root, 'large'), { count: 3, distinct: 2, megapixels: [12, 13] })).values()];
    expect(new Set(photos.map((p) => sha256(p.path))).size).toBe(3);
    for (const p of photos) {
      const meta = await sharp(p.path).metadata();
      expect({ width: meta.width, height: meta.height }).toEqual({ width: p.width, height: p.height });
      expect((p.width * p.height) / 1e6).toBeGreaterThanOrEqual(11.9);
      expect((p.width * p.height) / 1e6).toBeLessThanOrEqual(13.1);
      expect(meta.chromaSubsampling).toBe('4:2:0');
      expect(fs.statSync(p.path).size).toBeGreaterThan(1_500_000);
    }
  });
});

import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { hasCommand } from '../has-command.js';
import { withJpegComment } from './jpeg-comment.js';
import { pngClaimingSize } from './png-claiming-size.js';
import { synthPixels } from './synth-pixels.js';
import { tinyJpeg } from './tiny-photos.js';

/**
 * Codes the scan and decode stages are expected to report. The walk's codes (UNREADABLE, NOT_A_FILE, SYMLINK_LOOP,
 * BROKEN_LINK) are those of main/core/library/walk-folder.ts.
 */
export type BadPhotoCode =
  | 'EMPTY_FILE'
  | 'TRUNCATED'
  | 'NOT_AN_IMAGE'
  | 'TOO_LARGE'
  | 'UNREADABLE'
  | 'NOT_A_FILE'
  | 'SYMLINK_LOOP'
  | 'BROKEN_LINK';

export interface BadPhoto {
  path: string;
  /** Relative to the corpus folder, '/'-separated. */
  relPath: string;
  code: BadPhotoCode;
}

export interface BadPhotoManifest {
  /** Entries that must each be reported once as a failure, keyed by absolute path. */
  failures: Map<string, BadPhoto>;
  /** Valid photos (and non-photos) that must be neither indexed nor reported: hidden and system folders, dot-files. */
  ignored: string[];
  /**
   * Valid photos among the traps that must be indexed exactly once: one inside a folder that a symlink loops back
   * to, one inside a folder named like a photo, and the mode-000 file where the OS lets this process read it anyway
   * (root ignores permission bits, and so do Windows ACL defaults).
   */
  indexable: string[];
}

const exec = promisify(execFile);

/**
 * Writes every kind of entry that must not stop, hang or crash an indexer, and returns which ones must fail with
 * which code. Entries the platform cannot make (FIFOs on Windows, symlinks without the privilege) are left out.
 */
export async function writeBadPhotos(dir: string): Promise<BadPhotoManifest> {
  const failures = new Map<string, BadPhoto>();
  const ignored: string[] = [];
  const indexable: string[] = [];
  const at = (relPath: string): string => path.join(dir, ...relPath.split('/'));
  const fail = (relPath: string, code: BadPhotoCode): void => void failures.set(at(relPath), { path: at(relPath), relPath, code });
  const write = async (relPath: string, data: Buffer | string): Promise<string> => {
    const file = at(relPath);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, data);
    return file;
  };
  const template = await tinyJpeg(7);
  // Distinct bytes per path, so no two of these share a content hash and read as copies or moves of each other.
  const photo = (relPath: string): Buffer => withJpegComment(template, relPath);

  await write('empty.jpg', '');
  fail('empty.jpg', 'EMPTY_FILE');

  const whole = await sharp(synthPixels(640, 480, { from: [30, 60, 90], to: [220, 180, 140], noise: 48, seed: 99 }), {
    raw: { width: 640, height: 480, channels: 3 },
  })
    .jpeg({ quality: 90 })
    .toBuffer();
  await write('truncated.jpg', whole.subarray(0, whole.length >> 1));
  fail('truncated.jpg', 'TRUNCATED');

  await write('notes.jpg', 'Holiday notes, not a photo.\n假期笔记，不是照片。\n');
  fail('notes.jpg', 'NOT_AN_IMAGE');

  await write('bomb.png', pngClaimingSize(50_000, 50_000));
  fail('bomb.png', 'TOO_LARGE');

  const locked = await write('locked.jpg', photo('locked.jpg'));
  await fs.chmod(locked, 0o000);
  if (await canRead(locked)) indexable.push(locked);
  else fail('locked.jpg', 'UNREADABLE');

  // Opening a FIFO for reading blocks until a writer appears: an indexer that does so hangs forever.
  if (hasCommand('mkfifo')) {
    await exec('mkfifo', [at('pipe.jpg')]);
    fail('pipe.jpg', 'NOT_A_FILE');
  }

  indexable.push(await write('album.jpg/inside.jpg', photo('album.jpg/inside.jpg')));

  // Without loop detection the photo beside the link would be found again through loops/loop/, loops/loop/loop/, …
  indexable.push(await write('loops/inside.jpg', photo('loops/inside.jpg')));
  if (await trySymlink('.', at('loops/loop'), 'dir')) fail('loops/loop', 'SYMLINK_LOOP');
  if ((await trySymlink('b.jpg', at('links/a.jpg'), 'file')) && (await trySymlink('a.jpg', at('links/b.jpg'), 'file'))) {
    fail('links/a.jpg', 'SYMLINK_LOOP');
    fail('links/b.jpg', 'SYMLINK_LOOP');
  }
  if (await trySymlink('nowhere.jpg', at('links/gone.jpg'), 'file')) fail('links/gone.jpg', 'BROKEN_LINK');

  for (const relPath of ['.git/x.jpg', '@eaDir/x.jpg', '$RECYCLE.BIN/x.jpg', '.thumbnails/x.jpg', '.hidden.jpg']) {
    ignored.push(await write(relPath, photo(relPath)));
  }
  // macOS leaves AppleDouble "._" files beside photos on shared drives: they carry a photo's name but no image.
  ignored.push(await write('._IMG_0001.jpg', Buffer.from([0x00, 0x05, 0x16, 0x07, 0x00, 0x02, 0x00, 0x00])));
  ignored.push(await write('readme.txt', 'not a photo extension\n'));

  return { failures, ignored, indexable };
}

async function canRead(file: string): Promise<boolean> {
  try {
    await (await fs.open(file, 'r')).close();
    return true;
  } catch {
    return false;
  }
}

/** Makes a symlink; false where the platform refuses them (Windows without developer mode). */
async function trySymlink(target: string, link: string, type: 'file' | 'dir'): Promise<boolean> {
  await fs.mkdir(path.dirname(link), { recursive: true });
  try {
    await fs.symlink(target, link, type);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EPERM') return false;
    throw err;
  }
}

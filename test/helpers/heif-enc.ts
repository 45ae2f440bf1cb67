import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { hasCommand } from './has-command.js';

const exec = promisify(execFile);

/** Whether libheif's heif-enc (Debian package libheif-examples) is here to make real HEIC files. */
export const HAS_HEIF_ENC = hasCommand('heif-enc');

/**
 * Encodes a JPEG to HEIC with libheif's own encoder (x265), as a phone would have; the JPEG's EXIF comes along.
 * Works in a temporary folder of its own, removed afterwards.
 */
export async function encodeHeic(jpeg: Buffer): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-heif-enc-'));
  try {
    fs.writeFileSync(path.join(dir, 'in.jpg'), jpeg);
    await exec('heif-enc', ['-q', '60', '-o', path.join(dir, 'out.heic'), path.join(dir, 'in.jpg')]);
    return fs.readFileSync(path.join(dir, 'out.heic'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

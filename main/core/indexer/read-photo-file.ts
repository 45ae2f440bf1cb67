import fs from 'node:fs/promises';
import { errorMessage, XuntuError } from '../errors.js';
import type { FoundFile } from '../library/walk-folder.js';

/** Reads a photo without following it into anything but a regular file, refusing empty and oversized files. */
export async function readPhotoFile(file: FoundFile, maxFileBytes: number): Promise<Buffer> {
  if (file.size === 0) throw new XuntuError('EMPTY_FILE', 'the file is empty (0 bytes)');
  if (file.size > maxFileBytes) throw new XuntuError('TOO_LARGE', `the file is ${file.size} bytes, over the ${maxFileBytes}-byte limit`);
  try {
    const bytes = await fs.readFile(file.path, { flag: 'r' });
    if (bytes.length === 0) throw new XuntuError('EMPTY_FILE', 'the file is empty (0 bytes)');
    return bytes;
  } catch (err) {
    if (err instanceof XuntuError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new XuntuError('VANISHED', 'the file was deleted before it could be read', { cause: err });
    throw new XuntuError('UNREADABLE', `cannot read the file (${code ?? errorMessage(err)})`, { cause: err });
  }
}

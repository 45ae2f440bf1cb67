import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { XuntuError } from '../errors.js';

/** Why a sidecar could not be written, by the file system's error code: what the user can do differs. */
const WRITE_FAILURES: Record<string, { code: string; why: string }> = {
  EROFS: { code: 'XMP_READ_ONLY', why: 'read-only file system' },
  EACCES: { code: 'XMP_NO_PERMISSION', why: 'permission denied' },
  EPERM: { code: 'XMP_NO_PERMISSION', why: 'operation not permitted' },
  ENOSPC: { code: 'XMP_DISK_FULL', why: 'no space left on the device' },
  EDQUOT: { code: 'XMP_DISK_FULL', why: 'disk quota exceeded' },
};

/**
 * Writes a sidecar so that readers only ever see the old file or the new one, never half of either: the text goes
 * to a temporary file in the same folder (so the rename cannot cross file systems), is flushed to disk, then
 * renamed over the target. On failure the temporary file is removed and the target is as it was; the error is a
 * XuntuError whose code says why (XMP_READ_ONLY, XMP_NO_PERMISSION, XMP_DISK_FULL, XMP_WRITE_FAILED).
 *
 * A sidecar that is a symbolic link is written where it points, so the link stays.
 */
export async function writeSidecar(target: string, text: string): Promise<void> {
  let temp: string | undefined;
  let handle: fs.FileHandle | undefined;
  try {
    const real = await fs.realpath(target).catch(() => target);
    const mode = await fs.stat(real).then((s) => s.mode & 0o777, () => undefined);
    temp = path.join(path.dirname(real), `.${path.basename(real)}.${randomBytes(6).toString('hex')}.tmp`);
    handle = await fs.open(temp, 'wx');
    // An existing sidecar keeps its permissions; a new one gets the user's umask, like any file they create.
    if (mode !== undefined) await handle.chmod(mode);
    await handle.writeFile(text, 'utf8');
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, real);
    temp = undefined;
    await syncFolder(path.dirname(real));
  } catch (err) {
    await handle?.close().catch(() => undefined);
    if (temp) await fs.rm(temp, { force: true }).catch(() => undefined);
    throw writeFailure(err, target);
  }
}

/** Makes the rename itself durable; some platforms (Windows) cannot open a folder for this, which is fine. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await fs.open(folder, 'r').catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close();
}

function writeFailure(err: unknown, target: string): XuntuError {
  const errno = (err as NodeJS.ErrnoException).code ?? '';
  const known = WRITE_FAILURES[errno];
  const detail = `${target}: ${known?.why ?? (err as Error).message}`;
  return new XuntuError(known?.code ?? 'XMP_WRITE_FAILED', `cannot write sidecar ${detail}`, { cause: err });
}

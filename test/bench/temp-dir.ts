import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Runs `fn` with a fresh folder under the OS temp dir and removes it afterwards, whatever happens. */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `xuntu-bench-${prefix}-`));
  try {
    return await fn(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

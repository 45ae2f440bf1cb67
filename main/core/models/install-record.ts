import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { XuntuError, errorMessage } from '../errors.js';
import { sha256OfFile } from './file-sha256.js';
import { INSTALL_RECORD_FILE, PARTIAL_DIR } from './model-store.js';

/**
 * install.json: what a variant's folder held when its install finished. The published hashes (when the catalog
 * has them at all) describe the downloaded files, not what an adapter converted them into, so the installed files
 * are hashed here; verify-model.ts compares against this to notice truncation or corruption later.
 */
const installRecordSchema = z
  .object({
    version: z.literal(1),
    id: z.string().min(1),
    variant: z.string().min(1),
    installedAt: z.iso.datetime(),
    /** Where the files came from, for people: a hub repository at a revision, or an imported folder. */
    source: z.string().min(1),
    files: z.array(
      z
        .object({
          /** "/"-separated, relative to the variant's folder. */
          path: z.string().min(1),
          size: z.number().int().nonnegative(),
          sha256: z.string().regex(/^[0-9a-f]{64}$/),
        })
        .strict(),
    ),
  })
  .strict();

export type InstallRecord = z.infer<typeof installRecordSchema>;

/** Every file of an install, as "/"-separated relative paths: downloads in flight and the record itself excluded. */
async function installedFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    if (entry.name === PARTIAL_DIR || entry.name.startsWith(INSTALL_RECORD_FILE)) continue;
    if (entry.isDirectory()) found.push(...(await installedFiles(path.join(dir, entry.name))).map((p) => `${entry.name}/${p}`));
    else if (entry.isFile()) found.push(entry.name);
  }
  return found.sort();
}

/** Hashes the installed files and writes install.json, atomically, as the last step of an install. */
export async function writeInstallRecord(dir: string, about: Pick<InstallRecord, 'id' | 'variant' | 'source'>): Promise<InstallRecord> {
  const files: InstallRecord['files'] = [];
  for (const rel of await installedFiles(dir)) {
    const file = path.join(dir, rel);
    files.push({ path: rel, size: (await fs.stat(file)).size, sha256: await sha256OfFile(file) });
  }
  const record: InstallRecord = { version: 1, ...about, installedAt: new Date().toISOString(), files };
  const target = path.join(dir, INSTALL_RECORD_FILE);
  await fs.writeFile(`${target}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  await fs.rename(`${target}.tmp`, target);
  return record;
}

/** undefined when the folder has no install.json (not installed, or an install that never finished). */
export async function readInstallRecord(dir: string): Promise<InstallRecord | undefined> {
  const file = path.join(dir, INSTALL_RECORD_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new XuntuError('MODEL_CORRUPT', `cannot read ${file}: ${errorMessage(err)}`, { cause: err });
  }
  try {
    return installRecordSchema.parse(JSON.parse(text));
  } catch (err) {
    throw new XuntuError('MODEL_CORRUPT', `${file} is damaged: ${errorMessage(err)}`, { cause: err });
  }
}

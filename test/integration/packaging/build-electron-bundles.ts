import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

/** Runs scripts/build-electron.mjs into a fresh temporary folder; returns that folder (the build's `out`). */
export async function buildElectronBundles(): Promise<string> {
  const outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'xuntu-electron-build-'));
  await promisify(execFile)(process.execPath, [path.join(REPO_ROOT, 'scripts/build-electron.mjs'), outDir], { cwd: REPO_ROOT });
  return outDir;
}

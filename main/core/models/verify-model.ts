import fs from 'node:fs/promises';
import path from 'node:path';
import type { ModelManifest } from '../clip/model-manifest.js';
import { XuntuError, errorMessage } from '../errors.js';
import { sha256OfFile } from './file-sha256.js';
import { readInstallRecord, type InstallRecord } from './install-record.js';
import { MANIFEST_FILE, readManifest } from './model-store.js';

export type FileStatus = 'ok' | 'missing' | 'wrong-size' | 'wrong-checksum';

export interface FileCheck {
  /** Relative to the model folder. */
  path: string;
  status: FileStatus;
  expectedSize: number;
  /** Absent when the file is missing. */
  actualSize?: number;
}

export interface ModelCheck {
  dir: string;
  ok: boolean;
  /** Present when manifest.json exists and validates. */
  manifest?: ModelManifest;
  /** One entry per file install.json lists. */
  files: FileCheck[];
  /** What is wrong beyond single files: a missing or invalid manifest or install record. */
  problems: string[];
}

export interface VerifyOptions {
  /**
   * Compare sha256 too (default). Off, only sizes are compared: enough to catch the usual damage (a truncated copy,
   * a file deleted by hand) without reading gigabytes, e.g. on every start.
   */
  checksums?: boolean;
}

async function checkFile(dir: string, expected: InstallRecord['files'][number], checksums: boolean): Promise<FileCheck> {
  const file = path.join(dir, ...expected.path.split('/'));
  const base = { path: expected.path, expectedSize: expected.size };
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat?.isFile()) return { ...base, status: 'missing' };
  const actual = { ...base, actualSize: stat.size };
  if (stat.size !== expected.size) return { ...actual, status: 'wrong-size' };
  if (checksums && (await sha256OfFile(file)) !== expected.sha256) return { ...actual, status: 'wrong-checksum' };
  return { ...actual, status: 'ok' };
}

/**
 * Checks an installed model folder: manifest.json validates, every file the manifest names was installed, and every
 * installed file still has the size and sha256 recorded in install.json when the install finished.
 */
export async function verifyModel(dir: string, options: VerifyOptions = {}): Promise<ModelCheck> {
  const problems: string[] = [];
  const read = await readManifest(dir);
  const manifest = 'manifest' in read ? read.manifest : undefined;
  if ('problem' in read) problems.push(read.problem);
  let record: InstallRecord | undefined;
  try {
    record = await readInstallRecord(dir);
    if (!record) problems.push('install.json is missing: the install never finished; fetch or import the model again');
  } catch (err) {
    problems.push(errorMessage(err));
  }

  const files: FileCheck[] = [];
  for (const expected of record?.files ?? []) files.push(await checkFile(dir, expected, options.checksums ?? true));

  if (manifest && record) {
    const recorded = new Set(record.files.map((f) => f.path));
    for (const named of Object.values(manifest.files)) {
      if (!recorded.has(named.replaceAll('\\', '/'))) problems.push(`${named} is named by ${MANIFEST_FILE} but was never installed`);
    }
  }
  return {
    dir,
    ok: problems.length === 0 && files.every((f) => f.status === 'ok'),
    ...(manifest && { manifest }),
    files,
    problems,
  };
}

/** One line per fault, for error messages and the CLI. */
export function describeProblems(check: ModelCheck): string[] {
  const sizes = (f: FileCheck) => (f.actualSize === undefined ? '' : ` (${f.actualSize} bytes, installed as ${f.expectedSize})`);
  return [...check.problems, ...check.files.filter((f) => f.status !== 'ok').map((f) => `${f.path}: ${f.status}${sizes(f)}`)];
}

/** The manifest of a healthy model; MODEL_CORRUPT, listing every fault, otherwise. */
export async function assertModelIntact(dir: string, options: VerifyOptions = {}): Promise<ModelManifest> {
  const check = await verifyModel(dir, options);
  if (!check.ok || !check.manifest) {
    throw new XuntuError('MODEL_CORRUPT', `the model in ${dir} is damaged: ${describeProblems(check).join('; ')}. Fetch or import it again to repair it`);
  }
  return check.manifest;
}

import { spawn } from 'node:child_process';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const GNU_TIME = '/usr/bin/time';

/** What `xuntu index --json` prints (the fields the benches read). */
export interface IndexJson {
  added: number;
  updated: number;
  unchanged: number;
  moved: number;
  missing: number;
  failed: number;
  errors: { path: string; code?: string; reason: string }[];
  /** In-process timings, when the CLI reports them. */
  scanMs?: number;
  durationMs?: number;
}

export interface IndexRun {
  json: IndexJson;
  /** The whole command, process start-up included: what a user waits for. */
  wallMs: number;
  /** Peak resident memory of the CLI process, when measured. */
  peakRssMb: number | null;
}

/** GNU time is Linux's /usr/bin/time (Debian: package `time`); the BSD one elsewhere takes other flags. */
export function canMeasureMemory(): boolean {
  return process.platform === 'linux' && fsSync.existsSync(GNU_TIME);
}

/**
 * Runs `node bin/xuntu.js --library <library> index <folder> --json` (the compiled CLI, as users run it). Peak memory
 * comes from GNU time, i.e. the kernel's own high-water mark of the child, so a short spike cannot slip between polls.
 */
export async function runIndex(library: string, folder: string, opts: { measureMemory?: boolean } = {}): Promise<IndexRun> {
  const cli = [process.execPath, path.join(REPO_ROOT, 'bin', 'xuntu.js'), '--library', library, 'index', folder, '--json'];
  const rssFile = path.join(os.tmpdir(), `xuntu-bench-rss-${process.pid}-${Date.now()}`);
  const [cmd, ...args] = opts.measureMemory ? [GNU_TIME, '-f', '%M', '-o', rssFile, ...cli] : cli;

  const started = performance.now();
  const { code, stdout, stderr } = await spawnCollect(cmd!, args);
  const wallMs = performance.now() - started;

  let json: IndexJson;
  try {
    json = JSON.parse(stdout) as IndexJson;
  } catch {
    throw new Error(`xuntu index exited ${code} without JSON output:\n${stderr.slice(-2000)}`);
  }
  let peakRssMb: number | null = null;
  if (opts.measureMemory) {
    // GNU time reports kilobytes.
    peakRssMb = Number((await fs.readFile(rssFile, 'utf8')).trim().split('\n').at(-1)) / 1024;
    await fs.rm(rssFile, { force: true });
  }
  return { json, wallMs, peakRssMb };
}

function spawnCollect(cmd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

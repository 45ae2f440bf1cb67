import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Small tmpfs mounts, for filling a disk on purpose. Mounting needs root (or CAP_SYS_ADMIN), which a container
 * often lacks: tmpfsUnavailable() says why, so a test can skip visibly instead of faking a full disk.
 */
export function tmpfsUnavailable(): string | undefined {
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-tmpfs-probe-'));
  try {
    mountTmpfs(probe, 64);
    unmount(probe);
    return undefined;
  } catch (err) {
    return `cannot mount a tmpfs here (${(err as Error).message.split('\n')[0]})`;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}

export function mountTmpfs(dir: string, sizeKb: number): void {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], { stdio: 'pipe' });
}

/** Grows (or shrinks) a mounted tmpfs in place, keeping what it holds: "space freed" without deleting anything. */
export function resizeTmpfs(dir: string, sizeKb: number): void {
  execFileSync('mount', ['-o', `remount,size=${sizeKb}k`, dir], { stdio: 'pipe' });
}

export function unmount(dir: string): void {
  execFileSync('umount', [dir], { stdio: 'pipe' });
}

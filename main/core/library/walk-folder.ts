import fs from 'node:fs/promises';
import path from 'node:path';
import { formatForPath } from '../media/formats.js';

/** A photo candidate found on disk: a regular file (possibly through a symlink) with a photo extension. */
export interface FoundFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/** Something the walk could not take, with a stable code; the walk goes on. */
export interface WalkProblem {
  path: string;
  code: 'UNREADABLE' | 'SYMLINK_LOOP' | 'BROKEN_LINK' | 'NOT_A_FILE' | 'VANISHED';
  message: string;
}

/**
 * Folders no user means as photos: VCS and OS metadata, NAS thumbnail stores (Synology @eaDir, QNAP .@__thumb),
 * recycle bins, and thumbnail caches that would otherwise appear as thousands of tiny duplicates.
 */
const SKIPPED_DIRS = new Set(
  ['@eadir', '$recycle.bin', 'system volume information', '#recycle', '#snapshot', 'lost+found', 'node_modules', '@recycle', '$recycle'].map(
    (n) => n.toLowerCase(),
  ),
);

export function isSkippedName(name: string): boolean {
  // Dot-names cover .git, .thumbnails, .Trash-1000, .DS_Store, .@__thumb and AppleDouble "._x.jpg" resource forks.
  return name.startsWith('.') || SKIPPED_DIRS.has(name.toLowerCase());
}

/**
 * Recursively lists photo candidates under `root`. Follows symlinks (people link albums from other drives) but
 * never enters the same directory twice, which also breaks symlink loops. Directory contents are stat'ed
 * concurrently: on a 10,000-file re-scan the stats dominate.
 */
export async function walkFolder(
  root: string,
  onFile: (file: FoundFile) => void,
  onProblem: (problem: WalkProblem) => void,
): Promise<void> {
  const visited = new Set<string>();

  async function visitDir(dir: string): Promise<void> {
    let id: string;
    try {
      const st = await fs.stat(dir);
      id = `${st.dev}:${st.ino}`;
    } catch (err) {
      onProblem(problemFor(dir, err));
      return;
    }
    if (visited.has(id)) {
      onProblem({ path: dir, code: 'SYMLINK_LOOP', message: 'folder already visited through another link (symlink loop)' });
      return;
    }
    visited.add(id);

    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      onProblem(problemFor(dir, err));
      return;
    }

    const subdirs: string[] = [];
    await Promise.all(
      entries.map(async (entry) => {
        if (isSkippedName(entry.name)) return;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          subdirs.push(full);
          return;
        }
        const isPhotoName = formatForPath(entry.name) !== null;
        if (entry.isSymbolicLink()) {
          await visitLink(full, isPhotoName, subdirs);
          return;
        }
        if (!isPhotoName) return;
        if (!entry.isFile()) {
          // FIFOs, sockets, devices: opening a FIFO would block the whole run.
          onProblem({ path: full, code: 'NOT_A_FILE', message: 'not a regular file' });
          return;
        }
        try {
          const st = await fs.stat(full);
          onFile({ path: full, size: st.size, mtimeMs: Math.trunc(st.mtimeMs) });
        } catch (err) {
          onProblem(problemFor(full, err));
        }
      }),
    );
    subdirs.sort();
    for (const sub of subdirs) await visitDir(sub);
  }

  async function visitLink(full: string, isPhotoName: boolean, subdirs: string[]): Promise<void> {
    let st: import('node:fs').Stats;
    try {
      st = await fs.stat(full);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') onProblem({ path: full, code: 'SYMLINK_LOOP', message: 'symlink loop' });
      else if (code === 'ENOENT') {
        if (isPhotoName) onProblem({ path: full, code: 'BROKEN_LINK', message: 'symlink points to nothing' });
      } else onProblem(problemFor(full, err));
      return;
    }
    if (st.isDirectory()) subdirs.push(full);
    else if (isPhotoName && st.isFile()) onFile({ path: full, size: st.size, mtimeMs: Math.trunc(st.mtimeMs) });
    else if (isPhotoName) onProblem({ path: full, code: 'NOT_A_FILE', message: 'link to something that is not a regular file' });
  }

  await visitDir(root);
}

function problemFor(file: string, err: unknown): WalkProblem {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return { path: file, code: 'VANISHED', message: 'deleted while being scanned' };
  if (e.code === 'ELOOP') return { path: file, code: 'SYMLINK_LOOP', message: 'symlink loop' };
  return { path: file, code: 'UNREADABLE', message: `${e.code ?? 'error'}: ${e.message}` };
}

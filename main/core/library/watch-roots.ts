import { watch } from 'chokidar';
import path from 'node:path';
import { isSkippedName } from './walk-folder.js';
import { formatForPath } from '../media/formats.js';

export interface RootWatcher {
  close(): Promise<void>;
}

/**
 * Watches root folders and reports, debounced, which roots saw photo files or folders come, change or go. The
 * caller re-indexes those roots; since indexing is incremental (size + mtime), that costs a walk, not a re-read.
 * awaitWriteFinish holds events until a file stops growing, so a photo still being copied is not read half-done.
 */
export function watchRoots(
  roots: readonly string[],
  onChange: (changedRoots: string[]) => void,
  options: { debounceMs?: number; stabilityMs?: number } = {},
): RootWatcher {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const rootOf = (p: string) => roots.find((r) => p === r || p.startsWith(r.endsWith(path.sep) ? r : r + path.sep));

  const watcher = watch([...roots], {
    ignoreInitial: true,
    followSymlinks: true,
    awaitWriteFinish: { stabilityThreshold: options.stabilityMs ?? 1000, pollInterval: 100 },
    ignored: (p: string) => !roots.includes(p) && isSkippedName(path.basename(p)),
  });

  const touched = (p: string, isDir: boolean) => {
    if (!isDir && formatForPath(p) === null) return;
    const root = rootOf(p);
    if (!root) return;
    pending.add(root);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const changed = [...pending];
      pending.clear();
      onChange(changed);
    }, options.debounceMs ?? 1500);
  };
  watcher.on('add', (p) => touched(p, false));
  watcher.on('change', (p) => touched(p, false));
  watcher.on('unlink', (p) => touched(p, false));
  watcher.on('addDir', (p) => touched(p, true));
  watcher.on('unlinkDir', (p) => touched(p, true));
  // A vanished root (drive unplugged) surfaces as an error on some platforms; the next index run records it.
  watcher.on('error', () => undefined);

  return {
    close: async () => {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}

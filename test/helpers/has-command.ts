import fs from 'node:fs';
import path from 'node:path';

/**
 * Whether an executable called `name` is on PATH. Tests and benches use it to skip what needs an optional tool
 * (exiftool, heif-enc, vipsthumbnail) instead of failing on machines without it.
 */
export function hasCommand(name: string): boolean {
  const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE').split(';') : [''];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const ext of exts) {
      try {
        fs.accessSync(path.join(dir, name + ext), fs.constants.X_OK);
        return true;
      } catch {
        // not in this directory
      }
    }
  }
  return false;
}

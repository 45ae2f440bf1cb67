import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding Xuntu's package.json, found by walking up from this module: the same answer from the sources
 * (main/core/serve/) and from the build (out/main/core/serve/), where relative paths would differ.
 */
export function packageRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): { dir: string; version: string } {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'xuntu') return { dir, version: pkg.version ?? '0.0.0' };
    }
    if (path.dirname(dir) === dir) throw new Error(`no xuntu package.json above ${from}`);
  }
}

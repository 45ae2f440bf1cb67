import fs from 'node:fs/promises';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * The built renderer's file for a URL path, or null. Only plain names are accepted (no '..', backslash, NUL or
 * percent-encoded separators), the result must stay inside `dir` once symlinks are resolved, and an unknown path
 * falls back to index.html so the renderer's own routes survive a reload.
 */
export async function staticFile(dir: string, urlPath: string): Promise<{ file: string; type: string } | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (/[\\\0]/.test(decoded) || decoded.split('/').some((s) => s === '..' || s === '.')) return null;
  const root = await fs.realpath(dir).catch(() => null);
  if (!root) return null;
  const wanted = decoded === '/' || !path.extname(decoded) ? '/index.html' : decoded;
  const real = await fs.realpath(path.join(root, wanted)).catch(() => null);
  if (!real) return null;
  const relative = path.relative(root, real);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  const type = TYPES[path.extname(real).toLowerCase()];
  if (!type || !(await fs.stat(real)).isFile()) return null;
  return { file: real, type };
}

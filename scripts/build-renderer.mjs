#!/usr/bin/env node
// Bundles the React renderer into out/renderer/: index.html, app.js, app.css. No inline script or style, so the
// page runs under the strict CSP that the Electron window and the loopback bridge both send.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(root, process.argv[2] ?? 'out/renderer');
const dev = process.argv.includes('--dev');

await fs.rm(outDir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: { app: path.join(root, 'renderer/main.tsx') },
  outdir: outDir,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome120'],
  jsx: 'automatic',
  minify: !dev,
  sourcemap: dev ? 'linked' : false,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': JSON.stringify(dev ? 'development' : 'production') },
  logLevel: 'warning',
});
await fs.copyFile(path.join(root, 'renderer/index.html'), path.join(outDir, 'index.html'));
console.log(`renderer built → ${path.relative(process.cwd(), outDir) || '.'}`);

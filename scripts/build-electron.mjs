#!/usr/bin/env node
// Bundles the two files of the desktop app that tsc's one-file-per-module output cannot serve (run after tsc):
//   out/preload/preload.cjs         the sandboxed preload. A sandboxed preload can require only 'electron' and a few
//                                   built-ins, so everything else is inlined. The IPC contract is swapped for its
//                                   plain-data exports (channel and event names, error codes), evaluated here from
//                                   the contract itself: one source of truth, and no zod in the preload.
//   out/worker/inference-worker.mjs the inference worker with its whole import graph in one file. The packaged app
//                                   starts it from app.asar.unpacked (worker threads should not load from asar), where
//                                   only the native onnxruntime-node (and the JS it requires) sits beside it.
//   out/worker/pool-host-process.mjs the utility process hosting the inference pool, likewise in one file and unpacked;
//                                   it starts the worker beside it (compiled-entry.ts).
// Usage: node scripts/build-electron.mjs [outDir=out]
import fs from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(root, process.argv[2] ?? 'out');
const contractFile = path.join(root, 'main/common/ipc-contract.ts');

/** The contract's exports that are plain JSON data; its schemas and functions stay behind. */
async function contractData() {
  const built = await esbuild.build({ entryPoints: [contractFile], bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'warning' });
  const module = await import(`data:text/javascript;base64,${Buffer.from(built.outputFiles[0].contents).toString('base64')}`);
  return Object.fromEntries(Object.entries(module).filter(([, value]) => isPlainData(value)));
}

function isPlainData(value) {
  try {
    return isDeepStrictEqual(JSON.parse(JSON.stringify(value)), value);
  } catch {
    return false;
  }
}

/** Resolves imports of the contract to a module of its data exports; importing anything else from it fails the build. */
function contractAsData(data) {
  return {
    name: 'contract-as-data',
    setup(build) {
      build.onResolve({ filter: /ipc-contract\.js$/ }, (args) =>
        path.resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts')) === contractFile ? { path: contractFile, namespace: 'contract-data' } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'contract-data' }, () => ({
        contents: Object.entries(data).map(([name, value]) => `export const ${name} = ${JSON.stringify(value)};`).join('\n'),
        loader: 'js',
      }));
    },
  };
}

const common = { bundle: true, legalComments: 'none', logLevel: 'warning', metafile: true };

await Promise.all(['preload', 'worker'].map((dir) => fs.rm(path.join(outDir, dir), { recursive: true, force: true })));
const [preload, worker] = await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'preload/preload.ts')],
    outfile: path.join(outDir, 'preload/preload.cjs'),
    format: 'cjs',
    platform: 'browser',
    target: ['chrome140'], // Electron 45
    external: ['electron'],
    plugins: [contractAsData(await contractData())],
  }),
  esbuild.build({
    ...common,
    entryPoints: ['inference-worker', 'pool-host-process'].map((name) => path.join(root, `main/core/infer/${name}.ts`)),
    outdir: path.join(outDir, 'worker'),
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    platform: 'node',
    target: ['node22'], // Electron 45's Node
    // The native addon cannot be inlined; it loads its binary relative to its own package.
    external: ['onnxruntime-node'],
    // Bundled CommonJS dependencies call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as __xuntuCreateRequire } from 'node:module'; const require = __xuntuCreateRequire(import.meta.url);" },
  }),
]);

for (const result of [preload, worker]) {
  for (const [file, { bytes }] of Object.entries(result.metafile.outputs)) {
    console.log(`${path.relative(process.cwd(), path.resolve(root, file)) || file}  ${(bytes / 1024).toFixed(1)} KiB`);
  }
}

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolHostEntry } from '../../../main/core/infer/fork-pool-host.js';
import { compiledWorkerEntry } from '../../../main/core/infer/spawn-inference-worker.js';
import { PRELOAD_FILE, RENDERER_DIR } from '../../../main/electron/app-paths.js';
import { buildElectronBundles, REPO_ROOT } from './build-electron-bundles.js';

type Config = Record<string, unknown> & { asarUnpack: string[]; files: string[] };
type Filter = (file: string, stat: { isDirectory(): boolean; isFile(): boolean; isSymbolicLink(): boolean }) => boolean;
interface Matcher {
  createFilter(): Filter;
}

// electron-builder's own config validation and file matching (app-builder-lib), so these checks mean what a build means.
const requireHere = createRequire(import.meta.url);
const { validateConfiguration } = requireHere('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean }): Promise<void>;
};
const fileMatcher = requireHere('app-builder-lib/out/fileMatcher.js') as {
  getFileMatchers(config: unknown, name: string, destination: string, options: object): Matcher[] | null;
  getNodeModuleFileMatcher(appDir: string, destination: string, expand: (s: string) => string, platformOptions: object, packager: object): Matcher;
};

const config = parse(fs.readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8')) as Config;
const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> };
const PLATFORMS = [
  { key: 'linux', os: 'linux' },
  { key: 'mac', os: 'darwin' },
  { key: 'win', os: 'win32' },
] as const;
const FILE_STAT = { isDirectory: () => false, isFile: () => true, isSymbolicLink: () => false };

function filter(name: 'files' | 'asarUnpack', platformKey: string): (relative: string) => boolean {
  const options = { macroExpander: (s: string) => s, customBuildOptions: config[platformKey] ?? {}, globalOutDir: path.join(REPO_ROOT, 'dist'), defaultSrc: REPO_ROOT };
  const test = fileMatcher.getFileMatchers(config, name, '/packaged', options)![0]!.createFilter();
  return (relative) => test(path.join(REPO_ROOT, relative), FILE_STAT);
}

function nodeModulesFilter(platformKey: string): (relative: string) => boolean {
  const packager = { config, debugLogger: { isEnabled: false } };
  const test = fileMatcher.getNodeModuleFileMatcher(REPO_ROOT, '/packaged', (s) => s, config[platformKey] ?? {}, packager).createFilter();
  return (relative) => test(path.join(REPO_ROOT, relative), FILE_STAT);
}

/** The folders of the production dependency closure (what electron-builder copies into the app), relative to the repo. */
function productionPackages(): string[] {
  const found = new Set<string>();
  const visit = (name: string, fromDir: string) => {
    for (let dir = fromDir; ; dir = path.dirname(path.dirname(dir))) {
      const candidate = path.join(dir, 'node_modules', name);
      if (fs.existsSync(path.join(candidate, 'package.json'))) {
        if (found.has(candidate)) return;
        found.add(candidate);
        const manifest = JSON.parse(fs.readFileSync(path.join(candidate, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
        for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) visit(dep, candidate);
        return;
      }
      if (dir === REPO_ROOT || path.dirname(dir) === dir) return; // an optional dependency not installed here
    }
  };
  for (const dep of Object.keys(pkg.dependencies)) visit(dep, REPO_ROOT);
  return [...found].map((dir) => path.relative(REPO_ROOT, dir));
}

/** Native addons and shared libraries under a package (not its nested node_modules, which are packages of their own). */
function nativeFiles(packageDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(relative);
      else if (entry.isFile() && /\.(node|dylib|dll)$|\.so(\.\d+)*$/.test(entry.name)) out.push(relative);
    }
  };
  walk(packageDir);
  return out;
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own validation (which does refuse a wrong option)", async () => {
    await expect(validateConfiguration(config, { isEnabled: false })).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, asarUnpak: [] }, { isEnabled: false })).rejects.toThrow(/asarUnpak/);
  });

  it('builds NSIS for Windows, dmg for both Mac architectures, AppImage and deb for Linux', () => {
    expect(config).toMatchObject({
      win: { target: [{ target: 'nsis' }] },
      mac: { target: [{ target: 'dmg', arch: ['arm64', 'x64'] }] },
      linux: { target: ['AppImage', 'deb'] },
    });
  });

  it('ships on every platform what the app loads at run time, without source maps', () => {
    const loaded = [
      'package.json',
      pkg.main,
      'out/main/core/app/app-service.js',
      'out/models/catalog.json',
      PRELOAD_FILE,
      `${RENDERER_DIR}/index.html`,
      `${RENDERER_DIR}/app.js`,
      `${RENDERER_DIR}/app.css`,
      'out/worker/inference-worker.mjs',
      'out/worker/pool-host-process.mjs',
    ];
    expect(pkg.main).toBe('out/main/electron/main.js');
    for (const { key } of PLATFORMS) {
      const ships = filter('files', key);
      for (const file of loaded) expect(ships(file), `${key}: ${file}`).toBe(true);
      expect(ships('out/main/electron/main.js.map')).toBe(false);
      expect(ships('test/unit/electron/app-menu.test.ts')).toBe(false);
    }
  });

  it("unpacks every native binary a platform ships, and drops the other platforms' onnxruntime binaries", () => {
    const natives = productionPackages().flatMap(nativeFiles);
    // The check is only worth something if it sees the three native dependencies.
    expect(natives.some((f) => f.endsWith('better_sqlite3.node'))).toBe(true);
    expect(natives.some((f) => /onnxruntime-node\/bin\/.*onnxruntime_binding\.node$/.test(f))).toBe(true);
    expect(natives.some((f) => /@img\/sharp-.*\.node$/.test(f))).toBe(true);
    for (const { key, os: platform } of PLATFORMS) {
      const ships = nodeModulesFilter(key);
      const unpacks = filter('asarUnpack', key);
      for (const file of natives) {
        const otherOnnxPlatform = /onnxruntime-node\/bin\/napi-v6\/([^/]+)\//.exec(file)?.[1];
        if (otherOnnxPlatform !== undefined) expect(ships(file), `${key} ships ${file}`).toBe(otherOnnxPlatform === platform);
        if (ships(file)) expect(unpacks(file), `${key} unpacks ${file}`).toBe(true);
      }
    }
  });

  it('imports at run time only packages it ships (production dependencies)', async () => {
    const built = await esbuild.build({
      entryPoints: ['main/electron/main.ts', 'main/core/infer/inference-worker.ts', 'main/core/infer/pool-host-process.ts'].map((f) => path.join(REPO_ROOT, f)),
      bundle: true, platform: 'node', format: 'esm', packages: 'external', write: false, metafile: true, outdir: os.tmpdir(), logLevel: 'silent',
    });
    const imported = new Set(
      Object.values(built.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external && !i.path.startsWith('node:')).map((i) => i.path.split('/').slice(0, i.path.startsWith('@') ? 2 : 1).join('/'))),
    );
    imported.delete('electron'); // provided by the runtime itself
    // A devDependency imported at run time works from the checkout and fails in the installed app.
    expect([...imported].filter((name) => !(name in pkg.dependencies)), 'imported at run time but not a dependency').toEqual([]);
  });
});

describe('the inference worker and pool host when packaged', () => {
  let outDir: string;
  let unpacked: string;
  beforeAll(async () => {
    outDir = await buildElectronBundles();
    // The packaged layout: the worker folder's bundles, and node_modules holding only what asarUnpack names (linked,
    // and resolved through the links, so a package missing from asarUnpack is missing here too).
    unpacked = path.join(outDir, 'resources', 'app.asar.unpacked');
    await fs.promises.mkdir(path.join(unpacked, 'out'), { recursive: true });
    await fs.promises.cp(path.join(outDir, 'worker'), path.join(unpacked, 'out', 'worker'), { recursive: true });
    for (const pattern of config.asarUnpack) {
      const name = /^node_modules\/((?:@[^/]+\/)?[^/*]+)\/\*\*$/.exec(pattern)?.[1];
      if (!name || name.startsWith('@img')) continue;
      await fs.promises.mkdir(path.dirname(path.join(unpacked, 'node_modules', name)), { recursive: true });
      await fs.promises.symlink(path.join(REPO_ROOT, 'node_modules', name), path.join(unpacked, 'node_modules', name));
    }
  });
  afterAll(() => fs.promises.rm(outDir, { recursive: true, force: true }));

  it('resolves to the unpacked bundle, on POSIX and Windows paths, and stays beside the module otherwise', () => {
    const posix = compiledWorkerEntry('file:///opt/Xuntu/resources/app.asar/out/main/core/infer/spawn-inference-worker.js');
    expect(fileURLToPath(posix, { windows: false })).toBe('/opt/Xuntu/resources/app.asar.unpacked/out/worker/inference-worker.mjs');
    const windows = compiledWorkerEntry('file:///C:/Program%20Files/Xuntu/resources/app.asar/out/main/core/infer/spawn-inference-worker.js');
    expect(fileURLToPath(windows, { windows: true })).toBe('C:\\Program Files\\Xuntu\\resources\\app.asar.unpacked\\out\\worker\\inference-worker.mjs');
    expect(compiledWorkerEntry('file:///work/xuntu/out/main/core/infer/spawn-inference-worker.js').href).toBe('file:///work/xuntu/out/main/core/infer/inference-worker.js');
  });

  it('finds the worker beside a bundle that starts it (the pool host), with the bundle’s extension', () => {
    const inHost = compiledWorkerEntry('file:///opt/Xuntu/resources/app.asar.unpacked/out/worker/pool-host-process.mjs');
    expect(fileURLToPath(inHost, { windows: false })).toBe('/opt/Xuntu/resources/app.asar.unpacked/out/worker/inference-worker.mjs');
  });

  it('resolves the pool host to the unpacked bundle when packaged, and beside the module otherwise', () => {
    expect(poolHostEntry('file:///opt/Xuntu/resources/app.asar/out/main/core/infer/fork-pool-host.js')).toBe(
      path.resolve('/opt/Xuntu/resources/app.asar.unpacked/out/worker/pool-host-process.mjs'),
    );
    expect(poolHostEntry('file:///work/xuntu/out/main/core/infer/fork-pool-host.js')).toBe(path.resolve('/work/xuntu/out/main/core/infer/pool-host-process.js'));
  });

  it('builds, ships and unpacks both entries', () => {
    const entries = [
      fileURLToPath(compiledWorkerEntry('file:///opt/Xuntu/resources/app.asar/out/main/core/infer/spawn-inference-worker.js'), { windows: false }),
      poolHostEntry('file:///opt/Xuntu/resources/app.asar/out/main/core/infer/fork-pool-host.js'),
    ];
    for (const entry of entries) {
      const inApp = path.posix.relative('/opt/Xuntu/resources/app.asar.unpacked', entry);
      expect(fs.existsSync(path.join(outDir, path.posix.relative('out', inApp))), inApp).toBe(true);
      for (const { key } of PLATFORMS) {
        expect(filter('files', key)(inApp), `${key}: ${inApp}`).toBe(true);
        expect(filter('asarUnpack', key)(inApp), `${key}: ${inApp}`).toBe(true);
      }
    }
  });

  it('starts the worker from app.asar.unpacked with only the unpacked packages beside it, and serves requests', async () => {
    const entry = path.join(unpacked, 'out', 'worker', 'inference-worker.mjs');
    const probe = `
      const { Worker } = require('node:worker_threads');
      const worker = new Worker(${JSON.stringify(entry)}, { execArgv: ['--preserve-symlinks'] });
      worker.on('error', (err) => { console.log(JSON.stringify({ error: err.message })); process.exit(1); });
      worker.on('message', (reply) => { console.log(JSON.stringify(reply)); process.exit(0); });
      worker.postMessage({ type: 'load', seq: 1, modelDir: ${JSON.stringify(path.join(outDir, 'no-model'))}, intraOpThreads: 1, towers: ['image'] });`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', probe], { cwd: os.tmpdir() });
    expect(JSON.parse(stdout)).toMatchObject({ type: 'failed', seq: 1, code: 'MODEL_NOT_FOUND' });
  });

  it('starts the pool host from app.asar.unpacked, which starts the worker beside it and relays its answer', async () => {
    // Forked as RemotePool's Node adapter does; in the app utilityProcess.fork starts the same file.
    const entry = path.join(unpacked, 'out', 'worker', 'pool-host-process.mjs');
    const probe = `
      const { fork } = require('node:child_process');
      const host = fork(${JSON.stringify(entry)}, [], { serialization: 'advanced', execArgv: ['--preserve-symlinks'] });
      host.on('message', (reply) => { console.log(JSON.stringify(reply)); host.kill(); });
      host.send({ type: 'start', seq: 1, options: { modelDir: ${JSON.stringify(path.join(outDir, 'no-model'))}, workers: 1, intraOpThreads: 1, towers: ['image'] } });`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', probe], { cwd: os.tmpdir() });
    expect(JSON.parse(stdout)).toMatchObject({ type: 'failed', seq: 1, code: 'MODEL_NOT_FOUND' });
  });
});

// `npm start`: the desktop app (Electron) when its runtime is installed, else the same UI in the browser through
// `xuntu serve`. Builds nothing: npm ci's prepare step already ran `npm run build`.
//   npm start -- [--library DIR] [other arguments for `electron .` or `xuntu serve`, e.g. --no-open]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const built = ['out/main/core/cli/main.js', 'out/main/electron/main.js', 'out/renderer/index.html'];
if (!built.every((f) => fs.existsSync(path.join(root, f)))) {
  // The language helpers live in out/ too, so this one message is in both languages.
  console.error('寻图尚未构建：请先运行 npm run build（或 npm ci）。\nXuntu is not built yet: run npm run build (or npm ci) first.');
  process.exit(1);
}

const { args, library } = takeLibrary(process.argv.slice(2));
// Electron's main process reads the library from XUNTU_LIBRARY (library-dir.ts), and `--library` wins over it as
// in the CLI; resolving here keeps a relative DIR relative to where `npm start` was typed.
if (library !== undefined) process.env.XUNTU_LIBRARY = path.resolve(process.env.INIT_CWD ?? process.cwd(), library);

const electron = electronExecutable();
if (electron) runElectron(electron, args);
else await runBridge(args);

/** Removes `--library DIR` / `--library=DIR` from the arguments; the rest go to Electron or `xuntu serve`. */
function takeLibrary(argv) {
  const rest = [];
  let library;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--library') library = argv[++i];
    else if (argv[i].startsWith('--library=')) library = argv[i].slice('--library='.length);
    else rest.push(argv[i]);
  }
  return { args: rest, library };
}

/**
 * The Electron executable, or undefined when its runtime was never downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD, an
 * offline install). Not `require('electron')`: when the runtime is missing, that starts the download itself
 * (electron/index.js getElectronPath). This reads the same files it does, path.txt naming the binary in dist/.
 * XUNTU_ELECTRON names an executable outright (tests; a system-wide Electron).
 */
function electronExecutable() {
  if (process.env.XUNTU_ELECTRON) return process.env.XUNTU_ELECTRON;
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathFile)) return undefined;
  const name = fs.readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkg, 'dist');
  const executable = path.join(dist, name);
  return fs.existsSync(executable) ? executable : undefined;
}

/** `electron .` on the app folder, ending as it ends; a Ctrl+C or kill meant for `npm start` reaches it too. */
function runElectron(executable, argv) {
  const child = spawn(executable, [root, ...argv], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('error', (err) => {
    console.error(`${executable}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      // End the same way, so a parent shell sees the signal rather than a plain failure.
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
}

/**
 * The browser bridge, in this process: `xuntu serve` handles Ctrl+C itself (first stops cleanly, second at once),
 * which a forwarding parent would turn into two signals.
 */
async function runBridge(argv) {
  const { detectLang } = await import(pathToFileURL(path.join(root, 'out/main/core/i18n/locale.js')).href);
  const lang = detectLang(process.env);
  console.error(
    lang === 'zh'
      ? '未安装桌面程序（Electron 运行时），改为在浏览器中打开寻图。联网后运行 npm run setup 即可安装桌面程序。'
      : 'The desktop shell (the Electron runtime) is not installed; opening Xuntu in the browser instead. Run npm run setup online to install it.',
  );
  const { main } = await import(pathToFileURL(path.join(root, 'out/main/core/cli/main.js')).href);
  process.exitCode = await main(['serve', ...argv]);
}

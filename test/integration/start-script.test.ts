import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, waitForExit } from '../helpers/cli.js';

// `npm start` runs the compiled out/ (npm ci's prepare built it), as a user's does.
const START = path.join(REPO_ROOT, 'scripts/start.mjs');

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-start-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function start(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [START, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function firstMatch(stream: NodeJS.ReadableStream, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.on('data', (d: Buffer) => {
      text += d.toString();
      const m = pattern.exec(text);
      if (m) resolve(m[0]);
    });
    stream.on('end', () => reject(new Error(`no match for ${pattern} in: ${text}`)));
  });
}

describe('npm start (scripts/start.mjs)', () => {
  it('without the Electron runtime, says so and serves the UI through the browser bridge', async () => {
    // An empty dist folder stands for a runtime that was never downloaded, even where it was.
    const noRuntime = fs.mkdtempSync(path.join(work, 'no-electron-'));
    const library = path.join(work, 'bridge-library');
    const child = start(['--library', library, '--no-open'], { ELECTRON_OVERRIDE_DIST_PATH: noRuntime, XUNTU_ELECTRON: '' });
    const exited = waitForExit(child);
    const url = await firstMatch(child.stdout!, /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/);

    const res = await fetch(url, { redirect: 'manual' });
    expect([200, 302, 303, 307]).toContain(res.status);
    child.kill('SIGTERM');
    const { code, stderr } = await exited;
    expect(code).toBe(0);
    expect(stderr).toMatch(/desktop shell .* is not installed/);
    // --library reached the core: the bridge opened (and so created) the library there.
    expect(fs.existsSync(library)).toBe(true);
  });

  it('with the Electron runtime, runs it on the app folder and ends with its exit status', async () => {
    const record = path.join(work, 'electron-argv.json');
    const fakeElectron = path.join(work, 'fake-electron.mjs');
    fs.writeFileSync(
      fakeElectron,
      `#!${process.execPath}\n` +
        `import fs from 'node:fs';\n` +
        `fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), library: process.env.XUNTU_LIBRARY }));\n` +
        `process.exit(3);\n`,
      { mode: 0o755 },
    );
    const { code } = await waitForExit(start(['--library=rel-lib', '--enable-logging'], { XUNTU_ELECTRON: fakeElectron, INIT_CWD: work }));

    expect(code).toBe(3);
    expect(JSON.parse(fs.readFileSync(record, 'utf8'))).toEqual({
      argv: [REPO_ROOT, '--enable-logging'],
      // Relative to where `npm start` was typed (npm's INIT_CWD), as the CLI's --library is.
      library: path.join(work, 'rel-lib'),
    });
  });
});

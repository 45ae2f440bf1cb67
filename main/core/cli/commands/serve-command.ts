import fs from 'node:fs';
import path from 'node:path';
import { AppService } from '../../app/app-service.js';
import { uiLanguage } from '../../app/app-settings.js';
import { resolveModelsDir } from '../../models/model-store.js';
import { startBridge } from '../../serve/bridge-server.js';
import { openBrowser } from '../../serve/open-browser.js';
import { packageRoot } from '../../serve/package-root.js';
import type { CliContext } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';

/** `xuntu serve`: the app's UI in a local browser, over the loopback bridge, until Ctrl+C. */
export async function serveCommand(ctx: CliContext, opts: { port?: number; open: boolean; modelsDir?: string }): Promise<number> {
  const root = packageRoot();
  const staticDir = path.join(root.dir, 'out', 'renderer');
  const hasUi = fs.existsSync(path.join(staticDir, 'index.html'));
  if (!hasUi) ctx.stderr.write(ctx.msg.serveNoUi(staticDir) + '\n');

  const service = new AppService({
    libraryDir: ctx.libraryDir,
    modelsDir: resolveModelsDir(opts.modelsDir, ctx.env),
    version: root.version,
    defaultLanguage: uiLanguage(ctx.lang),
  });
  try {
    const bridge = await startBridge({ service, ...(opts.port !== undefined && { port: opts.port }), ...(hasUi && { staticDir }) });
    ctx.print(ctx.msg.serveListening(bridge.url));
    if (opts.open) openBrowser(bridge.url);
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await bridge.close();
    ctx.print(ctx.msg.serveStopped);
    return ExitCode.OK;
  } finally {
    await service.close();
  }
}

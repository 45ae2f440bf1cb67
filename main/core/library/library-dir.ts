import os from 'node:os';
import path from 'node:path';

/**
 * Where a library lives when the user names none: the per-user application-data folder Electron calls `appData`,
 * so the desktop app (which sets its userData to the same place) and the CLI share one library by default.
 *   Linux: $XDG_CONFIG_HOME or ~/.config · macOS: ~/Library/Application Support · Windows: %APPDATA%
 */
export function defaultLibraryDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  let appData: string;
  if (platform === 'win32') appData = env.APPDATA ?? path.join(home, 'AppData', 'Roaming');
  else if (platform === 'darwin') appData = path.join(home, 'Library', 'Application Support');
  else appData = env.XDG_CONFIG_HOME || path.join(home, '.config');
  return path.join(appData, 'Xuntu', 'library');
}

/** `--library DIR` wins over XUNTU_LIBRARY, which wins over the default. */
export function resolveLibraryDir(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = explicit ?? env.XUNTU_LIBRARY;
  return path.resolve(chosen && chosen.length > 0 ? chosen : defaultLibraryDir(env));
}

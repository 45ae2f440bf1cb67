import fs from 'node:fs';
import type { AppService } from '../core/app/app-service.js';

/**
 * Offline installers may carry one model in resources/bundled-model (docs/packaging.md says how to build one).
 * On a first run, while no model is installed on this machine, it is imported and made the library's model, just
 * as Settings → Models → Import would; afterwards the folder is ignored. Regular installers have no such folder and
 * the first-launch screen offers the download instead.
 */
export async function importBundledModel(service: AppService, folder: string): Promise<boolean> {
  if (!fs.existsSync(folder)) return false;
  const models = await service.handlers['models.list']({});
  if (models.installed.length > 0) return false;
  await service.handlers['models.import']({ folder, use: true });
  return true;
}

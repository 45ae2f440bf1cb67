import path from 'node:path';
import { generateColourClipModels } from '../fixtures/colour-clip/generate-colour-clip.js';
import type { AppUnderTest } from './app-under-test.js';
import { writeColourPhotos, type Colour } from './colour-photos.js';

/** Polls until the condition holds, like expect.poll but usable in hooks; the hook's timeout bounds it. */
export async function until(condition: () => Promise<boolean>, intervalMs = 200): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, intervalMs));
}

/**
 * The e2e photos indexed with the generated colour model, set up through the service (the first launch has its own
 * flow in app-flow.e2e.ts). Resolves once every photo is embedded; returns the photos by colour.
 */
export async function indexColourLibrary(app: AppUnderTest, vocab: string): Promise<Map<Colour, string[]>> {
  const photosDir = path.join(app.work, 'photos');
  const byColour = await writeColourPhotos(photosDir);
  const photoCount = [...byColour.values()].flat().length;
  const models = await generateColourClipModels(path.join(app.work, 'generated'), { vocabFile: vocab });
  const { handlers } = app.service;
  await handlers['models.import']({ folder: path.dirname(models.xuntu.manifest), vocab });
  await handlers['roots.add']({ path: photosDir });
  await handlers['index.start']({});
  await until(async () => (await handlers['index.status']({})).last?.embedded === photoCount);
  return byColour;
}

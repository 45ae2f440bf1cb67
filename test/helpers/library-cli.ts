import path from 'node:path';
import { expect } from 'vitest';
import { generateColourClipModels } from '../fixtures/colour-clip/generate-colour-clip.js';
import { runCli, type CliResult } from './cli.js';

export type LibraryCli = (...args: string[]) => Promise<CliResult>;

/**
 * The CLI as a user runs it over one work folder: its own library and models folder (never the user's), English
 * messages, and a failed test on any non-zero exit (with the CLI's own stderr as the reason).
 */
export function libraryCli(work: string): LibraryCli {
  return async (...args) => {
    const r = await runCli(['--library', path.join(work, 'library'), '--lang', 'en', ...args], { XUNTU_MODELS: path.join(work, 'models') });
    expect(r.code, r.stderr).toBe(0);
    return r;
  };
}

/** Generates the colour CLIP under the work folder and makes it the library's model, as `xuntu model import` does. */
export async function useColourModel(work: string, cli: LibraryCli, vocabFile: string): Promise<void> {
  const models = await generateColourClipModels(path.join(work, 'generated'), { vocabFile });
  await cli('model', 'import', path.dirname(models.xuntu.manifest), '--vocab', vocabFile);
}

import { ClipEngine } from '../clip/clip-engine.js';
import type { PromptEncoder } from './label-prototypes.js';

/**
 * A model's text tower behind a PromptEncoder, loaded on the first call only: with the library's prompt cache
 * warm, a re-tag never pays for loading it.
 */
export function lazyPromptEncoder(modelDir: string): { encode: PromptEncoder; close(): Promise<void> } {
  let engine: Promise<ClipEngine> | undefined;
  return {
    encode: async (texts) => {
      engine ??= ClipEngine.load({ modelDir, towers: ['text'] });
      return (await engine).embedTexts(texts);
    },
    async close() {
      // A load that failed has already been reported to whoever called encode.
      await (await engine?.catch(() => undefined))?.close();
    },
  };
}

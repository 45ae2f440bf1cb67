import type { ModelManifest } from '../clip/model-manifest.js';

/**
 * The cosine a photo needs to get a label when neither the label nor what it learned says otherwise.
 *
 * Chinese-CLIP's text-to-image cosines sit around 0.15–0.45 (see search/vectors/adaptive-cutoff.ts), a matching
 * prompt ensemble usually above 0.3. 0.3 errs on the side of fewer, surer tags: a wrong tag annoys more than a
 * missing one, and confirmations lower a label's threshold where it was too strict (label-adaptation.ts). It has
 * not been calibrated on real photos yet; a manifest's tagThreshold overrides it per checkpoint.
 */
const CHINESE_CLIP_TAG_THRESHOLD = 0.3;

export function defaultTagThreshold(manifest: Pick<ModelManifest, 'tagThreshold'>): number {
  return manifest.tagThreshold ?? CHINESE_CLIP_TAG_THRESHOLD;
}

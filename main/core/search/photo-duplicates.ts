import { findNearDuplicates, type DuplicateGroup } from './vectors/near-duplicates.js';
import type { VectorIndex } from './vectors/vector-index.js';

interface FrameSize {
  width: number;
  height: number;
}

/**
 * Near-duplicate photos as the CLI and the app show them. Conservative: near-identical vectors AND the same frame
 * shape; merely similar shots of one scene usually differ in vector well below the threshold already, and a crop
 * of a photo is a different photo to its owner.
 */
export function findPhotoDuplicates(index: VectorIndex, photos: ReadonlyMap<number, FrameSize>, threshold?: number): DuplicateGroup[] {
  return findNearDuplicates(index, { threshold, confirm: (a, b) => sameAspect(photos.get(a), photos.get(b)) });
}

function sameAspect(a: FrameSize | undefined, b: FrameSize | undefined): boolean {
  if (!a || !b) return false;
  return Math.abs(a.width / a.height - b.width / b.height) < 0.02;
}
